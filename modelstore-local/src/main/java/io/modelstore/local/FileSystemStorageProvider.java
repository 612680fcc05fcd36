package io.modelstore.local;

import io.modelstore.spi.Setting;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import io.modelstore.spi.StorageProvider;
import io.modelstore.spi.StoreUri;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filesystem} backend, the embedded default. Settings: {@code root} (the store directory, required) and
 * {@code create} ({@code true} to create it when missing; default {@code false}, as in Python). URIs:
 * {@code file:///srv/models}, or a plain directory path.
 */
public final class FileSystemStorageProvider implements StorageProvider {

    private static final List<Setting> SETTINGS = List.of(
            Setting.required("root", "the directory of the store, such as /srv/models")
                    .env("MODEL_STORE_ROOT_PREFIX"),
            Setting.optional("create", "true to create the directory when it does not exist"));

    /** Created by {@link java.util.ServiceLoader}. */
    public FileSystemStorageProvider() {}

    @Override
    public String id() {
        return "filesystem";
    }

    @Override
    public List<String> uriSchemes() {
        return List.of("file");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    /** The path is the directory; {@code file://host/...} is refused, as it names no local directory. */
    @Override
    public Map<String, String> fromUri(StoreUri uri) {
        if (!uri.location().isEmpty()) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "The file URI names the host '" + uri.location()
                            + "': a store on this machine has no host. Use three slashes, such as file:///"
                            + uri.location()
                            + uri.path() + ".",
                    "root",
                    null);
        }
        // The path is the directory, not a root prefix: that comes only from ?root-prefix=.
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("root", uri.path());
        settings.putAll(uri.query());
        return settings;
    }

    @Override
    public Storage create(Map<String, String> settings) {
        String root = settings.get("root");
        if (root == null || root.isBlank()) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "The filesystem backend needs the 'root' setting: the "
                            + "directory of the store, such as /srv/models.",
                    "root",
                    null);
        }
        return new FileSystemStorage(Path.of(root), Boolean.parseBoolean(settings.getOrDefault("create", "false")));
    }
}
