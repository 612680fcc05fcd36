package io.modelstore.examples.modulepath;

import io.modelstore.ModelMetadata;
import io.modelstore.ModelStore;
import io.modelstore.UploadRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Run on the module path alone ({@code java --module-path ... --module io.modelstore.examples.modulepath/...}): checks
 * that modelstore's modules resolve there and work, and that what they do not export stays out of reach. Exits
 * non-zero on the first check that fails.
 *
 * <ol>
 *   <li>modelstore-api is the explicit module {@code io.modelstore}; the filesystem backend is bound as a service
 *       provider although this module does not require it.</li>
 *   <li>{@code io.modelstore} exports exactly {@code io.modelstore} and {@code io.modelstore.spi} to everyone; any
 *       other package of it (the internal ones) is not exported to this module, and its classes cannot be used here;
 *       qualified exports go to modelstore's own modules only.</li>
 *   <li>Deep reflection into modelstore's modules fails here (it succeeds on the class path): {@code io.modelstore}
 *       opens a package to Jackson alone, for the cache's manifest.</li>
 *   <li>A store on the file system, through the public API: upload, list, download, and a download through a cache
 *       (whose manifest Jackson writes and reads by reflection).</li>
 * </ol>
 *
 * <p>Its pom runs it in {@code mvn verify}, on the jars this build made; by hand:
 * {@code java --module-path examples/modulepath/target/modulepath-example-<version>.jar:examples/modulepath/target/modules
 * --module io.modelstore.examples.modulepath/io.modelstore.examples.modulepath.ModulePathCheck <work directory>}.
 */
public final class ModulePathCheck {

    private static final String API = "io.modelstore";
    private static final String JACKSON = "com.fasterxml.jackson.databind";
    private static final Set<String> API_EXPORTS = Set.of("io.modelstore", "io.modelstore.spi");
    private static final String DOMAIN = "modulepath-demo";

    private ModulePathCheck() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/modulepath-run").toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        try {
            Module self = ModulePathCheck.class.getModule();
            Module api = ModelStore.class.getModule();
            Module local = theBackendIsBound(self, api);
            onlyThePublicPackagesAreExported(self, api);
            deepReflectionIsRefused(self, api, local);
            theStoreWorks(work);
            System.out.println("Module path check passed: " + describe(api) + ", " + describe(local) + " (bound as a "
                    + "provider, not required), " + describe(self));
        } catch (CheckFailed e) {
            System.err.println("Module path check FAILED: " + e.getMessage());
            System.exit(1);
        }
    }

    /** The API is a named, explicit module, and the filesystem backend is in the boot layer although not required. */
    private static Module theBackendIsBound(Module self, Module api) {
        check(self.isNamed(), "this program is not on the module path (it runs in " + self + ")");
        check(
                api.isNamed() && API.equals(api.getName()),
                "ModelStore is not in the module " + API + " but in " + api
                        + ": is modelstore-api on the module path?");
        check(
                !api.getDescriptor().isAutomatic(),
                API + " is an automatic module: this modelstore-api jar has no "
                        + "module-info (an old one from ~/.m2 rather than the reactor's?)");
        Module local = ModuleLayer.boot()
                .findModule("io.modelstore.local")
                .orElseThrow(() -> new CheckFailed(
                        "io.modelstore.local was not resolved: the module system binds the modules that provide a service "
                                + API + " uses (io.modelstore.spi.StorageProvider)"));
        check(!local.getDescriptor().isAutomatic(), "io.modelstore.local is an automatic module");
        check(
                local.getDescriptor().provides().stream()
                        .anyMatch(p -> p.service().equals("io.modelstore.spi.StorageProvider")),
                "io.modelstore.local does not provide io.modelstore.spi.StorageProvider");
        check(!self.canRead(local), "this module reads io.modelstore.local, which it does not require");
        System.out.println("Resolved on the module path: "
                + ModuleLayer.boot().modules().stream()
                        .map(Module::getName)
                        .filter(n -> n.startsWith("io.modelstore"))
                        .sorted()
                        .toList());
        return local;
    }

    /** Exactly the two public packages are exported to everyone; any other package of io.modelstore is out of reach. */
    private static void onlyThePublicPackagesAreExported(Module self, Module api)
            throws IOException, ClassNotFoundException {
        ModuleDescriptor descriptor = api.getDescriptor();
        Set<String> exported = descriptor.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        check(
                exported.equals(API_EXPORTS),
                API + " exports " + exported + " to everyone, not " + new TreeSet<>(API_EXPORTS));
        for (ModuleDescriptor.Exports e : descriptor.exports()) {
            if (e.isQualified()) {
                check(
                        e.targets().stream().allMatch(t -> t.startsWith("io.modelstore.")),
                        API + " exports " + e.source() + " to " + e.targets() + ", which are not all modelstore's");
            }
        }
        Set<String> internal = new TreeSet<>(api.getPackages());
        internal.removeAll(API_EXPORTS);
        int refused = 0;
        for (String pkg : internal) {
            check(!api.isExported(pkg, self), API + " exports its internal package " + pkg + " to this module");
            for (String className : classesIn(API, pkg)) {
                Class<?> c = Class.forName(className, false, api.getClassLoader());
                try {
                    MethodHandles.lookup().accessClass(c);
                    throw new CheckFailed(className + " (in the internal package " + pkg + ") is accessible here");
                } catch (IllegalAccessException expected) {
                    refused++;
                }
            }
        }
        System.out.println(API + " exports " + exported + "; internal packages " + internal + " (" + refused
                + " classes refused to this module)");
    }

    /**
     * No package of io.modelstore is open but to Jackson (which binds the cache's manifest, whichever package holds
     * it: the cached downloads below fail without that), and setAccessible on a private member fails here; it would
     * succeed on the class path.
     */
    private static void deepReflectionIsRefused(Module self, Module api, Module local) throws ClassNotFoundException {
        for (ModuleDescriptor.Opens opens : api.getDescriptor().opens()) {
            check(
                    opens.targets().equals(Set.of(JACKSON)),
                    API + " opens " + opens.source() + " to " + (opens.isQualified() ? opens.targets() : "everyone")
                            + ", not to " + JACKSON + " alone");
        }
        for (String pkg : api.getPackages()) {
            check(!api.isOpen(pkg, self), API + " opens " + pkg + " to this module");
        }
        for (Class<?> type : List.of(
                ModelStore.class,
                Class.forName("io.modelstore.local.FileSystemStorage", false, local.getClassLoader()))) {
            Field field = Stream.of(type.getDeclaredFields())
                    .filter(f -> Modifier.isPrivate(f.getModifiers()))
                    .findFirst()
                    .orElseThrow(() -> new CheckFailed(type + " has no private field to try"));
            try {
                field.setAccessible(true);
                throw new CheckFailed("setAccessible on " + field + " succeeded: " + type.getPackageName()
                        + " is open to this module");
            } catch (InaccessibleObjectException expected) {
                System.out.println("Deep reflection refused, as it should be: " + field);
            }
        }
    }

    /** The README's store: upload a model, list it, download it, and again through a cache. */
    private static void theStoreWorks(Path work) throws IOException {
        Path model = Files.createDirectories(work.resolve("model"));
        Files.writeString(model.resolve("weights.txt"), "0.25 0.5 0.25\n", StandardCharsets.UTF_8);
        Files.writeString(model.resolve("config.json"), "{\"classes\": 3}", StandardCharsets.UTF_8);

        try (ModelStore store = ModelStore.fromFileSystem(work.resolve("store"), true);
                ModelStore cached = ModelStore.builder(store.storage())
                        .cache(work.resolve("cache"), 16L << 20)
                        .build()) {
            ModelMetadata meta = store.upload(UploadRequest.builder(DOMAIN)
                    .file(model)
                    .metadata("owner", "modulepath")
                    .metadata("auc", 0.93)
                    .build());
            System.out.println("Uploaded " + DOMAIN + "/" + meta.modelId() + " to " + store);

            check(store.listDomains().equals(List.of(DOMAIN)), "listDomains() is " + store.listDomains());
            check(
                    store.listModels(DOMAIN).equals(List.of(meta.modelId())),
                    "listModels is " + store.listModels(DOMAIN));
            Map<String, Object> extra = store.getDomain(DOMAIN).extra();
            check(
                    "modulepath".equals(extra.get("owner"))
                            && Double.valueOf(0.93).equals(extra.get("auc")),
                    "the metadata read back is " + extra);

            Path downloaded = store.download(work.resolve("downloaded"), DOMAIN, meta.modelId());
            sameFiles(model, downloaded, "download");
            for (int i = 1; i <= 2; i++) { // the first fills the cache (and writes its manifest), the second uses it
                sameFiles(
                        model,
                        cached.download(work.resolve("cached-" + i), DOMAIN, meta.modelId()),
                        "cached download " + i);
            }
            System.out.println("Listed " + store.listModels(DOMAIN) + ", downloaded " + fileNames(downloaded)
                    + ", and twice through the cache");
        }
    }

    /** Every uploaded file is there with its bytes (beside the model-info.json that the store adds, as Python's). */
    private static void sameFiles(Path expected, Path actual, String what) throws IOException {
        check(
                fileNames(actual).containsAll(fileNames(expected)),
                what + " holds " + fileNames(actual) + ", not all of " + fileNames(expected));
        for (String name : fileNames(expected)) {
            check(Files.mismatch(expected.resolve(name), actual.resolve(name)) == -1, what + ": " + name + " differs");
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    private static List<String> classesIn(String module, String pkg) throws IOException {
        ResolvedModule resolved =
                ModuleLayer.boot().configuration().findModule(module).orElseThrow();
        String dir = pkg.replace('.', '/') + "/";
        try (ModuleReader reader = resolved.reference().open();
                Stream<String> names = reader.list()) {
            return names.filter(n -> n.startsWith(dir) && n.endsWith(".class") && n.indexOf('/', dir.length()) < 0)
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .toList();
        }
    }

    private static String describe(Module module) {
        ModuleDescriptor d = module.getDescriptor();
        return d.toNameAndVersion() + (d.isAutomatic() ? " (automatic)" : "");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new CheckFailed(failure);
        }
    }

    private static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message);
        }
    }
}
