package io.modelstore;

import java.util.List;

/**
 * What {@link ModelStore#check} found: the leftovers of interrupted operations and crashed writers, and whether each
 * was repaired.
 *
 * @param findings every finding, in the order found
 * @param repair   whether the check was asked to repair what it found
 */
public record CheckReport(List<Finding> findings, boolean repair) {

    public CheckReport {
        findings = List.copyOf(findings);
    }

    /** What kind of leftover a finding is. */
    public enum Kind {
        /** An archive that no model's metadata names: a failed upload or an unfinished delete. Repair removes it. */
        ORPHAN_ARCHIVE,
        /** A domain pointer missing, unreadable, or not on the newest model. Repair moves it to the newest model. */
        STALE_POINTER,
        /** A model's copy in a state, where the model itself is gone. Repair removes it. */
        STALE_STATE_ENTRY,
        /** A model's metadata that cannot be read or names another model. Reported only: restore or remove it. */
        UNREADABLE_METADATA,
        /** What the storage left from writes that never finished (temporary files, multipart uploads). Repair removes it. */
        STORAGE_LEFTOVER,
        /** An upload's temporary archive on this machine, left by a crashed process. Repair removes it. */
        LOCAL_TEMPORARY_FILE
    }

    /**
     * One finding.
     *
     * @param kind     what it is
     * @param location the key, or the file for a local temporary file
     * @param detail   what is wrong, in a sentence
     * @param repaired whether this check repaired it
     */
    public record Finding(Kind kind, String location, String detail, boolean repaired) {
        @Override
        public String toString() {
            return kind + " " + location + ": " + detail + (repaired ? " (repaired)" : "");
        }
    }

    /** Whether the store is as it should be after this check: nothing found, or everything found was repaired. */
    public boolean healthy() {
        return findings.stream().allMatch(Finding::repaired);
    }
}
