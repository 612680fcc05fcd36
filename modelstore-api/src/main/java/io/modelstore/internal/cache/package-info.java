/**
 * Not API. The verified model cache that JVMs share: entries with a manifest of every file's SHA-256, checked on
 * every use; locks across processes; eviction within its size and the disk's margin.
 *
 * <p>May use: {@code io.modelstore.internal}, {@code internal.archive}, the public package and the SPI.
 */
package io.modelstore.internal.cache;
