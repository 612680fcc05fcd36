package io.modelstore.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest records a tree and names the first difference from it; the bytes decide, identities only save work. */
class CacheManifestTest {

    @TempDir
    Path tree;

    private CacheManifest recorded() throws IOException {
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("model.bin"), "weights");
        Files.writeString(tree.resolve("sub/config.json"), "{}");
        Files.createSymbolicLink(tree.resolve("link"), Path.of("model.bin"));
        return CacheManifest.fromJson(CacheManifest.record(tree).toJson()).orElseThrow();
    }

    @Test
    void anUntouchedTreeMatchesWithoutChangedIdentities() throws IOException {
        CacheManifest manifest = recorded();
        assertThat(manifest.entries())
                .extracting(CacheManifest.Entry::path)
                .containsExactly("link", "model.bin", "sub", "sub/config.json");
        assertThat(manifest.check(tree)).isEqualTo(new CacheManifest.Check(java.util.Optional.empty(), false));
    }

    @Test
    void eachKindOfChangeIsNamed() throws IOException {
        CacheManifest manifest = recorded();
        Files.writeString(tree.resolve("sub/extra"), "x");
        assertThat(manifest.check(tree).damage()).contains("'sub/extra' was added");
        Files.delete(tree.resolve("sub/extra"));

        Files.delete(tree.resolve("link"));
        Files.createSymbolicLink(tree.resolve("link"), Path.of("/etc/hostname"));
        assertThat(manifest.check(tree).damage())
                .contains("the link 'link' pointed to 'model.bin' and now points to '/etc/hostname'");
        Files.delete(tree.resolve("link"));
        Files.writeString(tree.resolve("link"), "x");
        assertThat(manifest.check(tree).damage()).contains("'link' was a link and is now a file");
        Files.delete(tree.resolve("link"));
        assertThat(manifest.check(tree).damage()).contains("'link' is missing");
    }

    @Test
    void theSameBytesInANewFileAreIntactAndItsNewIdentityIsRecorded() throws IOException {
        CacheManifest manifest = recorded();
        Path copy = Files.copy(tree.resolve("model.bin"), tree.resolve("copy"));
        Files.move(copy, tree.resolve("model.bin"), StandardCopyOption.REPLACE_EXISTING);

        CacheManifest.Check check = manifest.check(tree);
        assertThat(check.damage()).isEmpty();
        assertThat(check.identitiesChanged()).isTrue();
        assertThat(manifest.withIdentitiesOf(tree).check(tree).identitiesChanged())
                .isFalse();
    }

    @Test
    void otherBytesOfTheSameSizeAreFoundEvenWithTheRecordedIdentity() throws IOException {
        CacheManifest manifest = recorded();
        CacheManifest.Entry model = manifest.entries().get(1);
        // Another file put where the manifest expects this one, claiming its identity: the digest is still checked
        // whenever the identity on disk differs, and here it does (a new inode).
        Path other = Files.writeString(tree.resolve("other"), "WEIGHTS");
        Files.move(other, tree.resolve("model.bin"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(manifest.check(tree).damage())
                .hasValueSatisfying(d -> assertThat(d)
                        .startsWith("the bytes of 'model.bin' changed (SHA-256 ")
                        .endsWith(", recorded " + model.sha256() + ")"));
    }

    @Test
    void aManifestOfAnotherVersionOrNoneIsNotRead() {
        assertThat(CacheManifest.fromJson("{\"version\": 2, \"entries\": []}")).isEmpty();
        assertThat(CacheManifest.fromJson("not json")).isEmpty();
        assertThat(CacheManifest.fromJson("{\"version\": 1}")).isEmpty();
    }
}
