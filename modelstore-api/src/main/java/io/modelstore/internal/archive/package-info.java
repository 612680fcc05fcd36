/**
 * Not API. Archives: planning an upload's files ({@link io.modelstore.internal.archive.UploadPlan}), writing the
 * tar.gz ({@link io.modelstore.internal.archive.ArchiveWriter}), and extracting one safely
 * ({@link io.modelstore.internal.archive.ArchiveExtractor}: entries that would leave the target, expand without bound
 * or fill the disk are refused), and placing the result into the target.
 *
 * <p>May use: the public package and the SPI. Knows nothing of keys or the store's layout.
 */
package io.modelstore.internal.archive;
