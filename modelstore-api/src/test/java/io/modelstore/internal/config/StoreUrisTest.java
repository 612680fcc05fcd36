package io.modelstore.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A store URI as messages show it: user info and the query's values hidden (StoreConfigTest has the refusals). */
class StoreUrisTest {

    @Test
    void redactionHidesUserInfoAndQueryValues() {
        assertThat(StoreUris.redact("minio://access:S3cr3t/x@host:9000/b?secure=false"))
                .isEqualTo("minio://****@host:9000/b?****");
        assertThat(StoreUris.redact("s3://AKIA:ab?cd@bucket/p?region=r")).isEqualTo("s3://****@bucket/p?****");
        assertThat(StoreUris.redact("s3:/bucket?secret=X&y=Z")).isEqualTo("s3:/bucket?****");
        assertThat(StoreUris.redact("/srv/a@b?key=X")).isEqualTo("/srv/a@b?****");
        assertThat(StoreUris.redact("C:/a@b")).isEqualTo("C:/a@b");
    }

    @Test
    void percentEncodedUserInfoIsHiddenButNotAPercentEncodedAtElsewhere() {
        // java.net.URI decodes "%40" into the location: minio's endpoint would be u:S3cr3t@host:9000.
        assertThat(StoreUris.redact("minio://u%3AS3cr3t%40host:9000/b?secure=false"))
                .isEqualTo("minio://****@host:9000/b?****");
        // A "%40" in a path or a query is not user info (the query's values are hidden all the same).
        assertThat(StoreUris.redact("file:///srv/a%40b")).isEqualTo("file:///srv/a%40b");
        assertThat(StoreUris.redact("s3://bucket?endpoint=http%3A%2F%2Fu%3AS3cr3t%40host"))
                .isEqualTo("s3://bucket?****");
    }
}
