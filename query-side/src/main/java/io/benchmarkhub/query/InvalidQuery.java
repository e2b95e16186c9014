package io.benchmarkhub.query;

/** A query parameter that cannot be answered: {@code field} names it. The API answers 400 naming the field. */
public class InvalidQuery extends IllegalArgumentException {

    private final String field;

    public InvalidQuery(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
