/**
 * The public API: {@link io.modelstore.ModelStore}, the facade that versions, stores, lists, downloads, loads and
 * deletes models in Python modelstore 0.0.81's format, with its builder, options ({@link io.modelstore.DownloadOptions},
 * {@link io.modelstore.FollowOptions}, {@link io.modelstore.UploadRequest}), values ({@link io.modelstore.ModelMetadata},
 * {@link io.modelstore.ModelSignature}, {@link io.modelstore.CheckReport}), listeners, {@link io.modelstore.LiveModel},
 * the loader SPI ({@link io.modelstore.ModelLoader}, {@link io.modelstore.Loaders}) and the exceptions a caller catches.
 *
 * <p>Everything a user may call is in this package and {@link io.modelstore.spi}; the implementation lives in
 * {@code io.modelstore.internal} and its subpackages, which are not exported and may change in any release.
 */
package io.modelstore;
