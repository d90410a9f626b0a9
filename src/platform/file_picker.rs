//! The files a user picked in an `<input type="file">`, handed on to the
//! photo preparation without the layers above naming web-sys.

use web_sys::{File, HtmlInputElement};

/// One picked file.
#[derive(Clone)]
pub struct PickedFile(File);

impl PickedFile {
    pub fn file(&self) -> &File {
        &self.0
    }
}

/// Takes the files out of `input` and empties it, so picking the same
/// file again is seen as a new pick.
pub fn take_files(input: &HtmlInputElement) -> Vec<PickedFile> {
    let Some(list) = input.files() else {
        return Vec::new();
    };
    let files = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(PickedFile)
        .collect();
    input.set_value("");
    files
}
