package io.benchmarkhub.domain.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A benchmark's open-dataset verification: the licence and source its owner declared, and whether an admin has
 * approved them (or later revoked the badge). What the verification endpoints answer with and what the detail view
 * shows.
 *
 * @param revocationReason why an admin revoked the badge; null unless {@code status} is REVOKED
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verification(Status status, String licence, String sourceUrl, String revocationReason) {

    public enum Status {
        REQUESTED,
        VERIFIED,
        REVOKED
    }

    public Verification(Status status, String licence, String sourceUrl) {
        this(status, licence, sourceUrl, null);
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }
}
