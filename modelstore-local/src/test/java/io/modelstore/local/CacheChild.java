package io.modelstore.local;

import io.modelstore.ModelStore;
import io.modelstore.internal.cache.CacheSettings;
import io.modelstore.internal.cache.ModelCache;
import io.modelstore.internal.cache.ModelFiles;
import io.modelstore.spi.ForwardingStorage;
import io.modelstore.spi.Storage;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Another JVM using a model cache, for the cross-JVM tests: {@code fill <root> <cache> <domain> <id> <target> <millis>}
 * downloads through the cache, pausing {@code millis} half-way through the archive (printing {@code reading});
 * {@code hold <root> <cache> <domain> <id>} holds the model's entry as a reader does (printing {@code holding}) until
 * its standard input closes.
 */
public final class CacheChild {

    private CacheChild() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        Path cache = Path.of(args[2]);
        if (args[0].equals("fill")) {
            long pause = Long.parseLong(args[6]);
            try (ModelStore store = ModelStore.builder(new Pausing(new FileSystemStorage(root, false), pause))
                    .cache(cache, 1L << 30)
                    .build()) {
                store.download(Path.of(args[5]), args[3], args[4]);
            }
            System.out.println("done");
        } else {
            try (ModelStore store = ModelStore.fromFileSystem(root);
                    ModelFiles files = new ModelCache(new CacheSettings(cache, 1L << 30))
                            .open(store.getModelInfo(args[3], args[4]), into -> {
                                throw new IllegalStateException("the entry should be filled already");
                            })) {
                System.out.println("holding " + files.directory());
                System.out.flush();
                System.in.read();
            }
        }
    }

    /** Pauses once, half-way through an archive. */
    private static final class Pausing extends ForwardingStorage {
        private final long pause;

        Pausing(Storage delegate, long pause) {
            super(delegate);
            this.pause = pause;
        }

        @Override
        public InputStream read(String key) {
            InputStream in = super.read(key);
            if (!key.endsWith("artifacts.tar.gz")) {
                return in;
            }
            return new FilterInputStream(in) {
                private long read;
                private boolean paused;

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (!paused && read > 4096) {
                        paused = true;
                        System.out.println("reading");
                        System.out.flush();
                        try {
                            Thread.sleep(pause);
                        } catch (InterruptedException e) {
                            throw new IOException(e);
                        }
                    }
                    int n = super.read(buffer, offset, Math.min(length, 1024));
                    read += Math.max(n, 0);
                    return n;
                }
            };
        }
    }
}
