package io.benchmarkhub.cli;

/** Ends a command with {@code exitCode}; {@code getMessage()} is printed on stderr and never holds a token or a key. */
public class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
