package io.modelstore;

import io.modelstore.spi.Setting;
import io.modelstore.spi.StorageProvider;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which settings of a store hold secrets, so that whatever shows a configuration hides them ({@link StoreConfig}'s
 * {@code toString()}, the Spring Boot starter's sanitizing of {@code /actuator/env}): the settings a backend
 * declares as secrets ({@link Setting#secret()}), and, for every backend, those named like one (a key, secret,
 * password, token, signature, credential or connection string).
 */
public final class SecretSettings {

    /** Names that look like secrets, for backends that do not declare their settings. */
    private static final Pattern SECRET =
            Pattern.compile("(?i).*(secret|password|token|key|sig|credential|connection).*");

    private SecretSettings() {}

    /** Whether setting {@code name} of the backend holds a secret: declared as one, or named like one. */
    public static boolean isSecret(StorageProvider provider, String name) {
        return provider.settings().stream().anyMatch(s -> s.secret() && s.name().equals(name)) || looksSecret(name);
    }

    /** Whether a setting's, property's or variable's name looks like a secret's, such as {@code api-token}. */
    public static boolean looksSecret(String name) {
        return name != null && SECRET.matcher(name).matches();
    }

    /**
     * Every name that a secret setting of an installed backend is read from: its property
     * {@code modelstore.<id>.<setting>}, its environment variables (such as {@code MINIO_SECRET_KEY}) and
     * {@code MODEL_STORE_<ID>_<SETTING>}.
     */
    public static Set<String> installedNames() {
        return installedNames(Setting::secret);
    }

    /**
     * Every name that an endpoint setting ({@link Setting#endpoint()}) of an installed backend is read from, as
     * {@link #installedNames()} lists them: not secrets, but where an endpoint's user info would be.
     */
    public static Set<String> installedEndpointNames() {
        return installedNames(Setting::endpoint);
    }

    private static Set<String> installedNames(Predicate<Setting> which) {
        Backends backends = Backends.discover();
        Set<String> names = new LinkedHashSet<>();
        for (Backends.Status status : backends.status()) {
            backends.installed(status.id())
                    .ifPresent(provider -> provider.settings().stream()
                            .filter(which)
                            .forEach(setting -> {
                                names.add("modelstore." + provider.id() + "." + setting.name());
                                names.addAll(setting.environment());
                                names.add(Setting.genericVariable(provider.id(), setting.name()));
                            }));
        }
        return names;
    }
}
