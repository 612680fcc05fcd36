/**
 * Not API. The store's format and what every part shares: where each file of Python's layout lives
 * ({@link io.modelstore.internal.Layout}), names ({@link io.modelstore.internal.Names}), JSON as Python writes it
 * ({@link io.modelstore.internal.Json}), blobs at layout keys, and {@link io.modelstore.internal.ApiAccess}, the
 * implementation's way to the public types' non-public members.
 *
 * <p>May use: the public package and the SPI. Used by every other internal package.
 */
package io.modelstore.internal;
