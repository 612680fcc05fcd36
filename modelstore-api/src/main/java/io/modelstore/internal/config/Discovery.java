package io.modelstore.internal.config;

import io.modelstore.Backends;
import io.modelstore.Loaders;
import io.modelstore.internal.Version;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Finds the providers of one service with {@link ServiceLoader}, and tells whether a first-party provider is usable,
 * absent, or present but broken (a dependency of its module missing). Shared by {@link Backends} and {@link Loaders}.
 *
 * @param <P> the service type
 */
public final class Discovery<P> {

    /** Whether a provider can be used here; {@code problem} is null when it can. */
    public record Diagnosis(boolean installed, Throwable problem) {
        public boolean usable() {
            return installed && problem == null;
        }
    }

    /** The providers found by id, and the load failures attributed to first-party provider classes. */
    public record Scan<P>(Map<String, P> providers, Map<String, Throwable> loadErrors) {}

    private final Class<P> service;
    private final ClassLoader loader;
    private final Function<P, String> idOf;
    private final Consumer<P> availabilityCheck;

    public Discovery(Class<P> service, ClassLoader loader, Function<P, String> idOf, Consumer<P> availabilityCheck) {
        this.service = service;
        this.loader = loader;
        this.idOf = idOf;
        this.availabilityCheck = availabilityCheck;
    }

    /** Every provider found, the first of each id winning; {@code firstPartyClasses} are those failures are attributed to. */
    public Scan<P> scan(Collection<String> firstPartyClasses) {
        Scan<P> scan = new Scan<>(new LinkedHashMap<>(), new LinkedHashMap<>());
        Iterator<P> it = ServiceLoader.load(service, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                P provider = it.next();
                scan.providers.putIfAbsent(idOf.apply(provider), provider);
            } catch (ServiceConfigurationError | LinkageError e) {
                // One provider that cannot load must not hide the others.
                // Attribute the failure to the first-party provider it names, if any.
                String message = String.valueOf(e.getMessage());
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                firstPartyClasses.stream()
                        .filter(message::contains)
                        .forEach(c -> scan.loadErrors.putIfAbsent(c, cause));
            }
        }
        return scan;
    }

    /** What stops {@code provider} from being used here (its {@code checkAvailable()} failing), or null. */
    public Throwable problemOf(P provider) {
        try {
            availabilityCheck.accept(provider);
            return null;
        } catch (LinkageError | RuntimeException e) {
            return e;
        }
    }

    /**
     * The one place that decides whether a provider is usable, missing, or present but broken.
     *
     * @param providerClass the first-party provider class of {@code id}, or null when {@code id} is not first-party
     */
    public Diagnosis diagnose(String id, String providerClass, Scan<P> scan) {
        P provider = scan.providers.get(id);
        if (provider != null) {
            return new Diagnosis(true, problemOf(provider));
        }
        if (providerClass == null) {
            return new Diagnosis(false, null);
        }
        Throwable loadError = scan.loadErrors.get(providerClass);
        if (loadError != null) {
            return new Diagnosis(true, loadError);
        }
        try {
            Class.forName(providerClass, false, loader);
        } catch (ClassNotFoundException e) {
            return new Diagnosis(false, null);
        } catch (LinkageError e) {
            return new Diagnosis(true, e); // the module is there, something it needs is not
        }
        return new Diagnosis(true, new NotRegistered(providerClass, service));
    }

    /** A provider class on the classpath that no services file lists (typically a shaded jar that dropped it). */
    static final class NotRegistered extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotRegistered(String providerClass, Class<?> service) {
            super(providerClass + " is on the classpath but not listed in META-INF/services/" + service.getName());
        }
    }

    /** "{subject} is not installed: add the module ... to your dependencies:" and the Maven snippet. */
    public static String notInstalled(String subject, String groupId, String artifactId) {
        return subject + " is not installed: add the module " + groupId + ":" + artifactId + " to your dependencies:\n"
                + mavenSnippet(groupId, artifactId, Version.VERSION);
    }

    /**
     * Why an installed provider cannot be used, and what to do.
     *
     * @param subject    such as {@code Storage backend 'aws-s3'}
     * @param coordinate its module's {@code groupId:artifactId}, or null for a provider not in the catalog
     * @param needs      what the module needs, such as {@code SDK}
     */
    public static String broken(String subject, String coordinate, String needs, Throwable problem) {
        String module = coordinate == null ? "" : " (" + coordinate + ")";
        if (problem instanceof NotRegistered) {
            return subject + " is installed" + module + " but not registered: " + problem.getMessage()
                    + ". If you build a shaded or fat jar, merge the service files (maven-shade-plugin's "
                    + "ServicesResourceTransformer).";
        }
        return subject + " is installed" + module + " but cannot be used: its " + needs + " is missing or broken ("
                + problem + "). Make sure the module's own dependencies are on the classpath and not excluded or "
                + "replaced by other versions: run 'mvn dependency:tree'"
                + (coordinate == null ? "." : " and look under " + coordinate + ".");
    }

    /** The Maven dependency on a module at {@code version}. */
    public static String mavenSnippet(String groupId, String artifactId, String version) {
        return "    <dependency>\n"
                + "      <groupId>" + groupId + "</groupId>\n"
                + "      <artifactId>" + artifactId + "</artifactId>\n"
                + "      <version>" + version + "</version>\n"
                + "    </dependency>";
    }
}
