package io.modelstore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

/**
 * A class loader that simulates an application's classpath for {@link Backends}:
 * <ul>
 *   <li>{@code META-INF/services/...} is looked up only below {@code servicesRoot} (such as {@code broken-backend/})
 *       of the test resources, so the services files used here never reach other tests;</li>
 *   <li>{@code io.modelstore.testbackend.*} classes are defined by this loader itself, from the bytes in
 *       test-classes, so that when they resolve their own dependencies the JVM asks this loader;</li>
 *   <li>the {@code hidden} classes are refused with {@link ClassNotFoundException}, as if their jar were absent;</li>
 *   <li>everything else (java.*, io.modelstore.spi.*) comes from the test class loader, so
 *       {@code StorageProvider} is the same {@code Class} that {@code Backends} uses.</li>
 * </ul>
 */
final class IsolatingClassLoader extends ClassLoader {

    private static final String TEST_PACKAGE = "io.modelstore.testbackend.";
    private static final String SERVICES = "META-INF/services/";

    private final String servicesRoot;
    private final Set<String> hidden;

    /**
     * @param servicesRoot folder of src/test/resources holding {@code META-INF/services}, or null for none
     * @param hidden       fully qualified names of io.modelstore.testbackend classes to hide
     */
    IsolatingClassLoader(String servicesRoot, String... hidden) {
        super("isolating[" + servicesRoot + "]", IsolatingClassLoader.class.getClassLoader());
        this.servicesRoot = servicesRoot;
        this.hidden = Set.of(hidden);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(TEST_PACKAGE)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            if (hidden.contains(name)) {
                throw new ClassNotFoundException(name + " (hidden by the test: its jar is 'absent')");
            }
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    byte[] bytes = in.readAllBytes();
                    c = defineClass(name, bytes, 0, bytes.length);
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (name.startsWith(SERVICES)) {
            return servicesRoot == null ? null : getParent().getResource(servicesRoot + name);
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (name.startsWith(SERVICES)) {
            return servicesRoot == null
                    ? Collections.emptyEnumeration()
                    : getParent().getResources(servicesRoot + name);
        }
        return super.getResources(name);
    }
}
