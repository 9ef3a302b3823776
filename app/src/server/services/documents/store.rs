//! Documents' bytes on disk, named by their SHA-256 (content-addressed): the
//! same file uploaded twice is kept once. A file is written to a temporary
//! name beside its final one, flushed to disk, then renamed, so a crash or a
//! full disk never leaves a half-written document under a real name.

use sha2::{Digest, Sha256};
use std::{
    io,
    path::{Path, PathBuf},
};
use tokio::io::AsyncWriteExt;

/// Where documents are kept and how large one may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentStore {
    dir: PathBuf,
    max_mb: u64,
}

impl DocumentStore {
    /// The folder used when none is configured (relative to the working
    /// directory).
    pub const DEFAULT_DIR: &'static str = "docket-documents";
    /// The largest upload when none is configured, in MB.
    pub const DEFAULT_MAX_MB: u64 = 25;

    /// Documents under `dir`, each at most `max_mb` MB (1 MB = 2^20 bytes).
    pub fn new(dir: impl Into<PathBuf>, max_mb: u64) -> Self {
        DocumentStore { dir: dir.into(), max_mb }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The largest document, in MB.
    pub fn max_mb(&self) -> u64 {
        self.max_mb
    }

    /// The largest document, in bytes.
    pub fn max_bytes(&self) -> usize {
        usize::try_from(self.max_mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX)
    }

    /// Where the document with this SHA-256 (64 lower-case hex digits) is,
    /// or `None` for anything else, so a stored value can never name a path
    /// outside the folder.
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        valid.then(|| self.dir.join(&sha256[..2]).join(sha256))
    }

    /// Keeps `content` and returns its SHA-256; when a file with that hash is
    /// already kept, nothing is written.
    ///
    /// # Errors
    /// When the folder cannot be created or the file written.
    pub async fn save(&self, content: &[u8]) -> io::Result<String> {
        let sha256 = hex(&Sha256::digest(content));
        let path = self.path_of(&sha256).ok_or_else(|| io::Error::other("bad digest"))?;
        if tokio::fs::metadata(&path).await.is_ok_and(|m| m.len() == content.len() as u64) {
            return Ok(sha256);
        }
        let folder = path.parent().ok_or_else(|| io::Error::other("no folder"))?;
        tokio::fs::create_dir_all(folder).await?;
        let temp = folder.join(format!(".upload-{}", uuid::Uuid::new_v4().simple()));
        let written = write_synced(&temp, content).await;
        let renamed = match written {
            Ok(()) => tokio::fs::rename(&temp, &path).await,
            Err(err) => Err(err),
        };
        if renamed.is_err() {
            let _ = tokio::fs::remove_file(&temp).await;
        }
        renamed.map(|()| sha256)
    }
}

impl Default for DocumentStore {
    fn default() -> Self {
        DocumentStore::new(Self::DEFAULT_DIR, Self::DEFAULT_MAX_MB)
    }
}

async fn write_synced(path: &Path, content: &[u8]) -> io::Result<()> {
    let mut file = tokio::fs::File::create(path).await?;
    file.write_all(content).await?;
    file.sync_all().await
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_store() -> DocumentStore {
        DocumentStore::new(std::env::temp_dir().join(format!("docket-store-{}", uuid::Uuid::new_v4().simple())), 1)
    }

    #[tokio::test]
    async fn the_same_bytes_are_kept_once_under_their_hash() {
        let store = temp_store();
        let first = store.save(b"%PDF-1.7 letter").await.expect("save");
        let second = store.save(b"%PDF-1.7 letter").await.expect("save again");
        assert_eq!(first, second);
        assert_eq!(first, hex(&Sha256::digest(b"%PDF-1.7 letter")));
        let path = store.path_of(&first).expect("path");
        assert_eq!(tokio::fs::read(&path).await.expect("read"), b"%PDF-1.7 letter");
        let entries = std::fs::read_dir(path.parent().expect("folder")).expect("list").count();
        assert_eq!(entries, 1, "no temporary file is left behind");
        std::fs::remove_dir_all(store.dir()).expect("clean up");
    }

    #[test]
    fn only_digests_name_paths() {
        let store = DocumentStore::default();
        assert!(store.path_of("../../etc/passwd").is_none());
        assert!(store.path_of(&"A".repeat(64)).is_none());
        let ok = "ab".repeat(32);
        assert_eq!(store.path_of(&ok), Some(PathBuf::from("docket-documents").join("ab").join(&ok)));
        assert_eq!(store.max_bytes(), 25 << 20);
    }
}
