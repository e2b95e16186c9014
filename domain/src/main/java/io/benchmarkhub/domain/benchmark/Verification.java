package io.benchmarkhub.domain.benchmark;

/**
 * A benchmark's open-dataset verification: the licence and source its owner declared, and whether an admin has
 * approved them. What the verification endpoints answer with and what the detail view shows.
 */
public record Verification(Status status, String licence, String sourceUrl) {

    public enum Status { REQUESTED, VERIFIED }

    public boolean verified() {
        return status == Status.VERIFIED;
    }
}
