package io.modelstore.local;

import io.modelstore.spi.ModelStoreException;
import io.modelstore.spi.Storage;
import io.modelstore.spi.StorageProvider;

import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code filesystem} backend. Settings: {@code root} (the store directory, required) and {@code create}
 * ({@code true} to create it when missing; default {@code false}, as in Python).
 */
public final class FileSystemStorageProvider implements StorageProvider {

    @Override
    public String id() {
        return "filesystem";
    }

    @Override
    public Storage create(Map<String, String> settings) {
        String root = settings.get("root");
        if (root == null || root.isBlank()) {
            throw new ModelStoreException("The filesystem backend needs the 'root' setting: the directory of the "
                    + "store, such as /srv/models (Python's MODEL_STORE_ROOT_PREFIX).");
        }
        return new FileSystemStorage(Path.of(root), Boolean.parseBoolean(settings.getOrDefault("create", "false")));
    }
}
