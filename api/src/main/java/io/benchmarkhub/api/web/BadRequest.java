package io.benchmarkhub.api.web;

import io.benchmarkhub.domain.benchmark.Violation;
import java.util.List;

/** A request refused at the edge, with the field-level problems when there are any. → 400 */
public class BadRequest extends RuntimeException {

    private final List<Violation> errors;

    public BadRequest(String message) {
        this(message, List.of());
    }

    public BadRequest(String message, List<Violation> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<Violation> errors() {
        return errors;
    }
}
