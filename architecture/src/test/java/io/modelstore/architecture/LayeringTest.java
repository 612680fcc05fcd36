package io.modelstore.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import io.modelstore.ModelStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The design's layering (docs/design.md), checked on the compiled classes of every library module, so that it
 * cannot erode unnoticed: the SPI at the bottom, the store's logic above it, backends that implement only the SPI,
 * and nothing that names a backend, which is what lets a user swap storage by swapping a dependency.
 */
class LayeringTest {

    private static final String[] BACKENDS = {
        "io.modelstore.local..",
        "io.modelstore.aws..",
        "io.modelstore.gcp..",
        "io.modelstore.azure..",
        "io.modelstore.hdfs.."
    };

    private static final String INTERNAL = "io.modelstore.internal";

    /**
     * What each internal package may use besides the public API, the SPI and the internal root: the implementation is
     * layered bottom-up (archive, cache, read, commit, serving, then the store that wires them), so no cycle can form.
     */
    private static final Map<String, List<String>> MAY_USE = Map.of(
            "archive", List.of(),
            "cache", List.of("archive"),
            "read", List.of("archive", "cache"),
            "commit", List.of("archive", "read"),
            "serving", List.of("archive", "cache", "read"),
            "config", List.of(),
            "store", List.of("archive", "cache", "read", "commit", "serving", "config"));

    private static JavaClasses all;
    private static JavaClasses core;

    @BeforeAll
    static void importClasses() {
        all = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modelstore");
        // modelstore-api alone: its own jar or classes directory, wherever the build put it.
        Location coreLocation = Location.of(
                ModelStore.class.getProtectionDomain().getCodeSource().getLocation());
        core = new ClassFileImporter().importLocations(Set.of(coreLocation));
    }

    @Test
    void everyModuleWasImported() {
        // A rule over classes that were never imported passes whatever they do.
        for (String pkg : new String[] {
            "io.modelstore.spi",
            "io.modelstore.local",
            "io.modelstore.aws",
            "io.modelstore.gcp",
            "io.modelstore.azure",
            "io.modelstore.hdfs",
            "io.modelstore.guice",
            "io.modelstore.micrometer",
            "io.modelstore.spring",
            "io.modelstore.onnx",
            "io.modelstore.xgboost",
            "io.modelstore.lightgbm",
            "io.modelstore.pytorch",
            "io.modelstore.tck"
        }) {
            assertThat(all.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as(pkg)
                    .isTrue();
        }
        assertThat(core.contain(ModelStore.class)).isTrue();
        assertThat(core.stream().map(JavaClass::getPackageName).distinct())
                .as("modelstore-api holds the public API, the SPI and the internal packages only")
                .containsExactlyInAnyOrder(
                        "io.modelstore",
                        "io.modelstore.spi",
                        INTERNAL,
                        INTERNAL + ".archive",
                        INTERNAL + ".cache",
                        INTERNAL + ".read",
                        INTERNAL + ".commit",
                        INTERNAL + ".serving",
                        INTERNAL + ".config",
                        INTERNAL + ".store");
    }

    @Test
    void eachInternalPackageUsesOnlyWhatItsLayerAllows() {
        for (Map.Entry<String, List<String>> layer : MAY_USE.entrySet()) {
            List<String> allowed = new ArrayList<>(List.of(
                    "io.modelstore",
                    "io.modelstore.spi..",
                    INTERNAL,
                    "java..",
                    "com.fasterxml.jackson..",
                    "org.apache.commons.compress..",
                    "org.apache.commons.io..",
                    "org.slf4j.."));
            allowed.add(INTERNAL + "." + layer.getKey());
            layer.getValue().forEach(p -> allowed.add(INTERNAL + "." + p));
            ArchRule rule = classes()
                    .that()
                    .resideInAPackage(INTERNAL + "." + layer.getKey())
                    .should()
                    .onlyDependOnClassesThat()
                    .resideInAnyPackage(allowed.toArray(String[]::new))
                    .because("the internal packages are layered: see each package-info.java");
            rule.check(core);
        }
    }

    @Test
    void theInternalRootUsesNoOtherInternalPackage() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage(INTERNAL)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(INTERNAL + ".(*)..")
                .because("the internal root (the format, names, JSON) is the bottom layer every other part uses");
        rule.check(core);
    }

    @Test
    void theInternalPackagesAreUsedOnlyInsideModelstoreApi() {
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackage(INTERNAL + "..")
                .and()
                .resideOutsideOfPackages("io.modelstore", "io.modelstore.spi..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(INTERNAL + "..")
                .because("io.modelstore.internal is not API: modules use io.modelstore and io.modelstore.spi only, "
                        + "and the module descriptor does not export it");
        rule.check(all);
    }

    @Test
    void thePublicPackageHoldsOnlyTheApi() {
        ArchRule rule = classes()
                .that()
                .resideInAPackage("io.modelstore")
                .and()
                .areTopLevelClasses()
                .and()
                .doNotHaveSimpleName("ApiBridge")
                .and()
                .doNotHaveSimpleName("package-info")
                .should()
                .bePublic()
                .because(
                        "io.modelstore is what a user may call; an implementation class belongs in io.modelstore.internal "
                                + "(ApiBridge alone stays: it hands the internal packages the public types' non-public members)");
        rule.check(core);
    }

    @Test
    void theSpiDependsOnNothingAboveIt() {
        ArchRule rule = classes()
                .that()
                .resideInAPackage("io.modelstore.spi..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.modelstore.spi..", "java..")
                .because("a backend implements the SPI alone, and the SPI must not pull the store's logic into it");
        rule.check(all);
    }

    @Test
    void theCoreHoldsNoSdkType() {
        ArchRule rule = classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.modelstore..",
                        "java..",
                        "com.fasterxml.jackson..",
                        "org.apache.commons.compress..",
                        "org.apache.commons.io..",
                        "org.slf4j..")
                .because(
                        "modelstore-api depends on Jackson, Commons Compress (with its Commons IO) and SLF4J only: every SDK belongs to "
                                + "its backend module, every framework to its integration module");
        rule.check(core);
    }

    @Test
    void backendsUseOnlyTheSpiAndThePublicFacade() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(BACKENDS)
                .should()
                .dependOnClassesThat(resideInAPackage("io.modelstore..")
                        .and(not(resideInAnyPackage("io.modelstore.spi..")))
                        .and(not(resideInAnyPackage(BACKENDS)))
                        .and(not(equivalentTo(ModelStore.class))))
                .because("the store's logic is written once above the SPI; a backend only moves blobs "
                        + "(it may name ModelStore, for its version and in examples)");
        rule.check(all);
    }

    @Test
    void nothingImportsABackend() {
        for (String backend : BACKENDS) {
            ArchRule rule = noClasses()
                    .that()
                    .resideOutsideOfPackage(backend)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(backend)
                    .because(
                            "backends are found by ServiceLoader, so that a user swaps storage by swapping a dependency");
            rule.check(all);
        }
    }
}
