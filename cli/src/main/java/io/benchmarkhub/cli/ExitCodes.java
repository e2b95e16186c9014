package io.benchmarkhub.cli;

/** The CLI's exit codes (docs/cli.md): a pipeline branches on them, so they never change meaning. */
final class ExitCodes {

    /** The command did what it was asked; for {@code gate}: every check passed. */
    public static final int PASSED = 0;
    /** {@code gate}: at least one check failed (a significant regression, a DON'T SHIP verdict, a threshold). */
    public static final int GATE_FAILED = 1;
    /** Bad usage, no or a refused token, a file or answer the CLI cannot use, or the server refused or failed. */
    public static final int ERROR = 2;
    /** The run itself failed, was cancelled, or did not end in time. */
    public static final int RUN_FAILED = 3;

    private ExitCodes() {}
}
