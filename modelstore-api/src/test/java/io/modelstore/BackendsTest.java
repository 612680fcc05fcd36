package io.modelstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.modelstore.Backends.Backend;
import io.modelstore.Backends.Status;
import io.modelstore.spi.StorageProvider;
import java.util.List;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;

/**
 * The catalog's messages, with providers seen through an {@link IsolatingClassLoader} so that each test
 * controls exactly which services files and classes exist.
 */
class BackendsTest {

    private static final String FAKE_SDK = "io.modelstore.testbackend.FakeSdkClient";

    private static final Backend AWS =
            new Backend("aws-s3", "s3", "io.modelstore", "modelstore-aws", "io.modelstore.aws.S3StorageProvider");
    private static final Backend TEST_SDK = new Backend(
            "test-sdk", "tsdk", "io.modelstore", "modelstore-test-sdk", "io.modelstore.testbackend.SdkUsingProvider");
    private static final Backend TEST_OK = new Backend(
            "test-ok", "tok", "io.modelstore", "modelstore-test-ok", "io.modelstore.testbackend.WorkingProvider");

    /** The advice that ends every "installed but cannot be used" message. */
    private static String brokenAdvice(String module) {
        return "Make sure the module's own dependencies are on the classpath and not excluded or replaced by other "
                + "versions: run 'mvn dependency:tree' and look under " + module + ".";
    }

    // ------------------------------------------------------------------ not installed

    @Test
    void versionIsFilteredFromThePom() {
        // The "not installed" snippet is only useful with a real version.
        assertThat(ModelStore.version()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
    }

    @Test
    void notInstalledNamesTheMavenDependencyAndTheInstalledBackends() {
        Backends backends = Backends.using(List.of(AWS), new IsolatingClassLoader(null));

        BackendNotInstalledException e =
                catchThrowableOfType(BackendNotInstalledException.class, () -> backends.provider("aws-s3"));

        String version = ModelStore.version();
        assertThat(e.getMessage())
                .isEqualTo(
                        "Storage backend 'aws-s3' is not installed: add the module io.modelstore:modelstore-aws to your dependencies:\n"
                                + "    <dependency>\n"
                                + "      <groupId>io.modelstore</groupId>\n"
                                + "      <artifactId>modelstore-aws</artifactId>\n"
                                + "      <version>" + version + "</version>\n"
                                + "    </dependency>\n"
                                + "Installed backends: none.");
        assertThat(e.backendId()).isEqualTo("aws-s3");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void notInstalledListsOnlyTheUsableInstalledBackends() {
        // mixed-backends registers test-sdk (broken here: its SDK is hidden), test-ok and test-extra.
        Backends backends = Backends.using(List.of(AWS), new IsolatingClassLoader("mixed-backends/", FAKE_SDK));

        assertThatThrownBy(() -> backends.provider("aws-s3"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageEndingWith("\nInstalled backends: test-extra, test-ok.");
    }

    @Test
    void discoverOnTheApiClasspathHasNoFileSystemBackend() {
        // modelstore-local is not a dependency of modelstore-api, so the real catalog must say how to add it.
        assertThatThrownBy(() -> Backends.discover().provider("filesystem"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith("Storage backend 'filesystem' is not installed: add the module "
                        + "io.modelstore:modelstore-local to your dependencies:\n")
                .hasMessageContaining("      <artifactId>modelstore-local</artifactId>\n");
    }

    // ------------------------------------------------------------------ installed but broken

    @Test
    void installedButItsSdkIsMissing() {
        Backends backends = Backends.using(List.of(TEST_SDK), new IsolatingClassLoader("broken-backend/", FAKE_SDK));

        BackendNotInstalledException e =
                catchThrowableOfType(BackendNotInstalledException.class, () -> backends.provider("test-sdk"));

        assertThat(e.getMessage())
                .isEqualTo(
                        "Storage backend 'test-sdk' is installed (io.modelstore:modelstore-test-sdk) but cannot be used: "
                                + "its SDK is missing or broken "
                                + "(java.lang.NoClassDefFoundError: io/modelstore/testbackend/FakeSdkClient). "
                                + brokenAdvice("io.modelstore:modelstore-test-sdk"));
        assertThat(e.getCause())
                .isInstanceOf(NoClassDefFoundError.class)
                .hasMessage("io/modelstore/testbackend/FakeSdkClient");
        assertThat(e.backendId()).isEqualTo("test-sdk");
    }

    @Test
    void theSameProviderIsUsableWhenItsSdkIsPresent() {
        // Control for the test above: only hiding FakeSdkClient makes the provider unusable.
        IsolatingClassLoader loader = new IsolatingClassLoader("broken-backend/");
        StorageProvider provider = Backends.using(List.of(TEST_SDK), loader).provider("test-sdk");

        assertThat(provider.id()).isEqualTo("test-sdk");
        assertThat(provider.getClass().getName()).isEqualTo(TEST_SDK.providerClass());
        assertThat(provider.getClass().getClassLoader()).isSameAs(loader);
    }

    @Test
    void registeredProviderClassThatDoesNotExist() {
        // The services file names a class that is not there: ServiceLoader fails, the catalog attributes it.
        Backend missing = new Backend(
                "test-missing",
                "tmiss",
                "io.modelstore",
                "modelstore-test-missing",
                "io.modelstore.testbackend.MissingProvider");
        Backends backends =
                Backends.using(List.of(missing, TEST_OK), new IsolatingClassLoader("missing-class-backend/"));

        BackendNotInstalledException e =
                catchThrowableOfType(BackendNotInstalledException.class, () -> backends.provider("test-missing"));

        assertThat(e.getMessage())
                .isEqualTo(
                        "Storage backend 'test-missing' is installed (io.modelstore:modelstore-test-missing) but cannot be used: "
                                + "its SDK is missing or broken (java.util.ServiceConfigurationError: io.modelstore.spi.StorageProvider: "
                                + "Provider io.modelstore.testbackend.MissingProvider not found). "
                                + brokenAdvice("io.modelstore:modelstore-test-missing"));
        assertThat(e.getCause()).isInstanceOf(ServiceConfigurationError.class);
        // The bad line does not hide the providers listed after it.
        assertThat(backends.provider("test-ok").id()).isEqualTo("test-ok");
    }

    @Test
    void providerClassThatCannotBeDefinedDoesNotBreakTheCatalog() {
        Backend badSuper = new Backend(
                "test-badsuper",
                "tbad",
                "io.modelstore",
                "modelstore-test-badsuper",
                "io.modelstore.testbackend.BadSuperProvider");
        Backends backends = Backends.using(
                List.of(badSuper, TEST_OK),
                new IsolatingClassLoader("bad-super-backend/", "io.modelstore.testbackend.FakeSdkBase"));

        assertThat(backends.provider("test-ok").id()).isEqualTo("test-ok");
        assertThatThrownBy(() -> backends.provider("test-badsuper"))
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessageStartingWith(
                        "Storage backend 'test-badsuper' is installed (io.modelstore:modelstore-test-badsuper) "
                                + "but cannot be used: ")
                .hasRootCauseInstanceOf(ClassNotFoundException.class);
        assertThat(backends.status()).extracting(Status::id).contains("test-badsuper", "test-ok");
    }

    // ------------------------------------------------------------------ present but not registered

    @Test
    void providerOnTheClasspathButNotRegistered() {
        Backend plain = new Backend(
                "test-plain",
                "tplain",
                "io.modelstore",
                "modelstore-test-plain",
                "io.modelstore.testbackend.UnregisteredProvider");
        // No services files at all, but the provider class itself loads.
        Backends backends = Backends.using(List.of(plain), new IsolatingClassLoader(null));

        BackendNotInstalledException e =
                catchThrowableOfType(BackendNotInstalledException.class, () -> backends.provider("test-plain"));

        assertThat(e.getMessage())
                .isEqualTo(
                        "Storage backend 'test-plain' is installed (io.modelstore:modelstore-test-plain) but not registered: "
                                + "io.modelstore.testbackend.UnregisteredProvider is on the classpath but not listed in "
                                + "META-INF/services/io.modelstore.spi.StorageProvider. If you build a shaded or fat jar, merge "
                                + "the service files (maven-shade-plugin's ServicesResourceTransformer).");
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void statusAgreesWithProviderAboutAnUnregisteredProviderClass() {
        Backend plain = new Backend(
                "test-plain",
                "tplain",
                "io.modelstore",
                "modelstore-test-plain",
                "io.modelstore.testbackend.UnregisteredProvider");

        Status status = Backends.using(List.of(plain), new IsolatingClassLoader(null))
                .status()
                .get(0);

        assertThat(status.installed()).isTrue();
        assertThat(status.problem())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not listed in META-INF/services/io.modelstore.spi.StorageProvider");
    }

    // ------------------------------------------------------------------ unknown id

    @Test
    void unknownIdListsTheKnownAndInstalledBackends() {
        Backends backends = Backends.using(Backends.FIRST_PARTY, new IsolatingClassLoader("mixed-backends/", FAKE_SDK));

        BackendNotInstalledException e =
                catchThrowableOfType(BackendNotInstalledException.class, () -> backends.provider("ftp"));

        assertThat(e.getMessage())
                .isEqualTo(
                        "Unknown storage backend 'ftp'. Known backends: filesystem, aws-s3, "
                                + "minio, google-cloud-storage, azure-container, hdfs. Installed backends: test-extra, test-ok.");
        assertThat(e.backendId()).isEqualTo("ftp");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void unknownIdWithNothingInstalled() {
        Backends backends = Backends.using(List.of(AWS, TEST_OK), new IsolatingClassLoader(null));

        assertThatThrownBy(() -> backends.provider("Aws-S3")) // ids are case-sensitive
                .isInstanceOf(BackendNotInstalledException.class)
                .hasMessage(
                        "Unknown storage backend 'Aws-S3'. Known backends: aws-s3, test-ok. Installed backends: none.");
    }

    @Test
    void providerNotInTheCatalogIsFoundById() {
        Backends backends = Backends.using(List.of(AWS), new IsolatingClassLoader("mixed-backends/", FAKE_SDK));

        assertThat(backends.provider("test-extra").id()).isEqualTo("test-extra");
    }

    // ------------------------------------------------------------------ status

    @Test
    void statusReportsNotInstalledBrokenAndUsableBackends() {
        Backends backends =
                Backends.using(List.of(AWS, TEST_SDK, TEST_OK), new IsolatingClassLoader("mixed-backends/", FAKE_SDK));

        List<Status> status = backends.status();

        // Catalog order first, then providers the catalog does not know.
        assertThat(status).extracting(Status::id).containsExactly("aws-s3", "test-sdk", "test-ok", "test-extra");

        Status aws = status.get(0);
        assertThat(aws.backend()).isEqualTo(AWS);
        assertThat(aws.installed()).isFalse();
        assertThat(aws.problem()).isNull();
        assertThat(aws.usable()).isFalse();

        Status sdk = status.get(1);
        assertThat(sdk.backend()).isEqualTo(TEST_SDK);
        assertThat(sdk.installed()).isTrue();
        assertThat(sdk.problem())
                .isInstanceOf(NoClassDefFoundError.class)
                .hasMessage("io/modelstore/testbackend/FakeSdkClient");
        assertThat(sdk.usable()).isFalse();

        Status ok = status.get(2);
        assertThat(ok.backend()).isEqualTo(TEST_OK);
        assertThat(ok.installed()).isTrue();
        assertThat(ok.problem()).isNull();
        assertThat(ok.usable()).isTrue();

        Status extra = status.get(3);
        assertThat(extra.backend()).isNull();
        assertThat(extra.installed()).isTrue();
        assertThat(extra.usable()).isTrue();
    }

    @Test
    void statusReportsAProviderClassThatFailedToLoadAsInstalledButBroken() {
        Backend missing = new Backend(
                "test-missing",
                "tmiss",
                "io.modelstore",
                "modelstore-test-missing",
                "io.modelstore.testbackend.MissingProvider");
        List<Status> status = Backends.using(
                        List.of(missing, TEST_OK), new IsolatingClassLoader("missing-class-backend/"))
                .status();

        assertThat(status).extracting(Status::id).containsExactly("test-missing", "test-ok");
        assertThat(status.get(0).installed()).isTrue();
        assertThat(status.get(0).problem()).isInstanceOf(ServiceConfigurationError.class);
        assertThat(status.get(0).usable()).isFalse();
        assertThat(status.get(1).usable()).isTrue();
    }

    // ------------------------------------------------------------------ catalog look-ups

    @Test
    void firstPartyCatalogLookups() {
        Backends backends = Backends.using(Backends.FIRST_PARTY, new IsolatingClassLoader(null));

        assertThat(backends.byId("minio")).map(Backend::coordinate).contains("io.modelstore:modelstore-aws");
        assertThat(backends.byScheme("GS")).map(Backend::id).contains("google-cloud-storage");
        assertThat(backends.byScheme("file"))
                .map(Backend::providerClass)
                .contains("io.modelstore.local.FileSystemStorageProvider");
        assertThat(backends.byId("s3")).isEmpty(); // a scheme is not an id
        assertThat(backends.byScheme("hdfs")).map(Backends.Backend::artifactId).contains("modelstore-hdfs");
        assertThat(backends.byScheme("ftp")).isEmpty();
    }
}
