package io.modelstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** An endpoint's user info, in every form it can take, is found, masked, and refused with a message that shows no secret. */
class EndpointsTest {

    @Test
    void userInfoIsMaskedInEveryForm() {
        assertThat(Endpoints.masked("http://u:S3cr3t@127.0.0.1:9000")).isEqualTo("http://****@127.0.0.1:9000");
        assertThat(Endpoints.masked("u:S3cr3t@127.0.0.1:9000")).isEqualTo("****@127.0.0.1:9000");
        assertThat(Endpoints.masked("http://S3cr3t@host/path")).isEqualTo("http://****@host/path");
        // A '/', '?', '#' or '@' in the password: java.net.URI would end the user info early.
        assertThat(Endpoints.masked("http://u:S3/cr?3#t@host:1")).isEqualTo("http://****@host:1");
        assertThat(Endpoints.masked("http://u:S3@cr3t@host:1")).isEqualTo("http://****@host:1");
        // Percent-encoded, as a value that was decoded once too few times.
        assertThat(Endpoints.masked("http://u%3AS3cr3t%40host:1")).isEqualTo("http://****@host:1");
        // A query's values may be secrets too.
        assertThat(Endpoints.masked("https://acct.blob.core.windows.net?sig=S3cr3t"))
                .isEqualTo("https://acct.blob.core.windows.net?****");
        assertThat(Endpoints.masked("http://127.0.0.1:9000")).isEqualTo("http://127.0.0.1:9000");
        assertThat(Endpoints.masked(null)).isNull();
    }

    @Test
    void userInfoIsFoundRawOrPercentEncoded() {
        assertThat(Endpoints.hasUserInfo("http://u:p@host")).isTrue();
        assertThat(Endpoints.hasUserInfo("u:p@host:9000")).isTrue();
        assertThat(Endpoints.hasUserInfo("http://u:p%40host")).isTrue();
        assertThat(Endpoints.hasUserInfo("http://u:p%40host".toUpperCase(Locale.ROOT)))
                .isTrue();
        assertThat(Endpoints.hasUserInfo("http://127.0.0.1:9000/path")).isFalse();
        assertThat(Endpoints.hasUserInfo("127.0.0.1:9000")).isFalse();
        assertThat(Endpoints.hasUserInfo(null)).isFalse();
        assertThat(Endpoints.isUrl("hdfs://nn:8020")).isTrue();
        assertThat(Endpoints.isUrl("nn:8020")).isFalse();
    }

    @Test
    void anEndpointWithUserInfoIsRefusedWithWhatToDoAndNoSecret() {
        assertThatThrownBy(() -> Endpoints.requireNoUserInfo(
                        "http://u:S3cr3t@127.0.0.1:9000",
                        "The S3 endpoint",
                        "endpoint",
                        "through AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StorageException.Reason.INVALID_SETTINGS);
                    assertThat(e.setting()).contains("endpoint");
                })
                .hasMessage(
                        "The S3 endpoint is 'http://****@127.0.0.1:9000', which holds credentials (user info before "
                                + "'@'): an endpoint never carries them, as the SDK does not send them and the endpoint is shown in "
                                + "descriptions, health details and errors. Remove them from the endpoint and give the credentials "
                                + "through AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");
        assertThat(Endpoints.requireNoUserInfo("http://127.0.0.1:9000", "The S3 endpoint", "endpoint", "-"))
                .isEqualTo("http://127.0.0.1:9000");
        assertThat(Endpoints.requireNoUserInfo(null, "The S3 endpoint", "endpoint", "-"))
                .isNull();
    }
}
