package io.modelstore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.spi.StorageException.Reason;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The sentences that say what to do, written once for every backend from the facts a backend gives. */
class StorageExceptionTest {

    @Test
    void eachReasonGetsItsSentence() {
        assertThat(StorageException.because(Reason.ACCESS_DENIED)
                        .cannot("write", "s3://b/k")
                        .container("bucket", "b")
                        .detail("HTTP 403, AccessDenied")
                        .hint("s3:PutObject")
                        .build())
                .hasMessage(
                        "Cannot write s3://b/k: access to bucket 'b' is denied (HTTP 403, AccessDenied). Check that "
                                + "these credentials are right and may read, write, list and delete in bucket 'b' (s3:PutObject).");
        assertThat(StorageException.because(Reason.CONTAINER_NOT_FOUND)
                        .setUp("Azure Blob")
                        .container("container", "c")
                        .endpoint("http://127.0.0.1:1")
                        .build())
                .hasMessage(
                        "Failed to set up the Azure Blob storage: container 'c' does not exist (at http://127.0.0.1:1). "
                                + "Create it first, or fix its name: modelstore does not create containers.");
        ConnectException refused = new ConnectException("Connection refused");
        StorageException unreachable = StorageException.because(Reason.UNREACHABLE)
                .cannot("list", "gs://b/*")
                .endpoint("http://127.0.0.1:1")
                .detail(refused.toString())
                .cause(refused)
                .build();
        assertThat(unreachable)
                .hasMessage("Cannot list gs://b/*: cannot reach the endpoint http://127.0.0.1:1 "
                        + "(java.net.ConnectException: Connection refused). Likely causes: a wrong endpoint, or no network route or "
                        + "proxy to it from here.")
                .hasCause(refused);
        assertThat(unreachable.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(StorageException.because(Reason.NO_CREDENTIALS)
                        .setUp("X")
                        .detail("X")
                        .hint("Set X_KEY.")
                        .build())
                .hasMessage("Failed to set up the X storage: no X credentials were found. Set X_KEY.");
        assertThat(StorageException.because(Reason.TRANSIENT)
                        .cannot("read", "k")
                        .detail("HTTP 503")
                        .build())
                .hasMessage(
                        "Cannot read k (HTTP 503): the service is busy or failed for a moment, and the client's retries "
                                + "ran out. Try again later.");
    }

    @Test
    void aNoteKeepsTheReasonAndTheSettingAndTheOriginalAsCause() {
        StorageException original = new StorageException(Reason.INVALID_SETTINGS, "Bad bucket.", "bucket", null);
        StorageException noted = original.withNote("(The bucket was read from B.)");
        assertThat(noted)
                .hasMessage("Bad bucket. (The bucket was read from B.)")
                .hasCause(original);
        assertThat(noted.reason()).isEqualTo(Reason.INVALID_SETTINGS);
        assertThat(noted.setting()).contains("bucket");
    }

    @Test
    void plainConstructorsAreOtherAndAMissingBlobIsBlobNotFound() {
        assertThat(new StorageException("x").reason()).isEqualTo(Reason.OTHER);
        assertThat(new StorageException("x").setting()).isEmpty();
        assertThat(new BlobNotFoundException("a/b").reason()).isEqualTo(Reason.BLOB_NOT_FOUND);
    }

    @Test
    void eachReasonReadsWellWithAndWithoutItsOptionalFacts() {
        assertThat(StorageException.because(Reason.CONTAINER_NOT_FOUND)
                        .cannot("list", "x")
                        .hint("mb x")
                        .build())
                .hasMessage(
                        "Cannot list x: the storage does not exist. Create it first (mb x), or fix its name: modelstore "
                                + "does not create them.");
        assertThat(StorageException.because(Reason.UNREACHABLE)
                        .cannot("read", "k")
                        .endpoint("http://127.0.0.1:1")
                        .hint("a proxy that refuses")
                        .build())
                .hasMessageContaining("Likely causes: a proxy that refuses, or no");
        assertThat(StorageException.because(Reason.NO_CREDENTIALS).setUp("X").build())
                .hasMessage(
                        "Failed to set up the X storage: no credentials were found. Configure the SDK's credentials.");
        assertThat(StorageException.because(Reason.TRANSIENT)
                        .cannot("read", "k")
                        .hint("raise the retries")
                        .build())
                .hasMessageEndingWith("Try again later; raise the retries.");
        assertThat(StorageException.because(Reason.BLOB_NOT_FOUND)
                        .cannot("read", "k")
                        .build())
                .hasMessage("Cannot read k: there is no such blob.");
        assertThat(StorageException.because(Reason.BLOB_NOT_FOUND)
                        .cannot("read", "k")
                        .hint("It was deleted.")
                        .build())
                .hasMessage("Cannot read k: there is no such blob. It was deleted.");
        StorageException invalid = StorageException.because(Reason.INVALID_SETTINGS)
                .setUp("S3")
                .detail("region 'x'")
                .setting("region")
                .hint("Use a region such as us-east-1.")
                .build();
        assertThat(invalid).hasMessage("Failed to set up the S3 storage (region 'x'). Use a region such as us-east-1.");
        assertThat(invalid.setting()).contains("region");
        assertThat(StorageException.because(Reason.INVALID_SETTINGS).setUp("S3").build())
                .hasMessage("Failed to set up the S3 storage.");
        assertThat(StorageException.because(Reason.LOCAL_IO)
                        .cannot("write", "/m")
                        .build())
                .hasMessage("Cannot write /m. Check the file's permissions and the free space.");
        assertThat(StorageException.because(Reason.LOCAL_IO)
                        .cannot("write", "/m")
                        .hint("The disk is full.")
                        .build())
                .hasMessage("Cannot write /m. The disk is full.");
        assertThat(StorageException.because(Reason.OTHER).build())
                .hasMessage("The storage operation failed. Try again; if it persists, check the storage.");
        assertThat(StorageException.because(Reason.OTHER)
                        .container("bucket", "b")
                        .build())
                .hasMessageEndingWith("check bucket 'b'.");
        assertThat(StorageException.because(Reason.OTHER)
                        .endpoint("http://127.0.0.1:1")
                        .build())
                .hasMessageEndingWith("check the endpoint http://127.0.0.1:1 and the network.");
        assertThat(StorageException.because(Reason.OTHER)
                        .endpoint("http://127.0.0.1:1")
                        .hint("ask the admin")
                        .build())
                .hasMessageEndingWith("if it persists, ask the admin.");
    }

    @Test
    void aNoteKeepsWhereTheFailureHappened() {
        StorageException original = new StorageException("failed");
        StorageException noted = original.withNote("More.");
        assertThat(noted.getStackTrace()).isEqualTo(original.getStackTrace());
    }
}
