package io.benchmarkhub.domain;

/**
 * An identifier that cannot name anything (blank). The API answers it with a 400 that names the parameter or field it
 * came from, not with a 500: it is the caller's input, not our fault.
 */
public class InvalidIdentifier extends IllegalArgumentException {

    private final String value;

    public InvalidIdentifier(String what, String value) {
        super(what + " must not be blank");
        this.value = value;
    }

    /** What was sent. */
    public String value() {
        return value;
    }
}
