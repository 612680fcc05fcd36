/**
 * Not API. Archives: planning an upload's files, writing the tar.gz, and extracting one safely (entries that would
 * leave the target, expand without bound or fill the disk are refused), and placing the result into the target.
 *
 * <p>May use: the public package and the SPI. Knows nothing of keys or the store's layout.
 */
package io.modelstore.internal.archive;
