//! JSON through the browser's own `JSON.parse` and `JSON.stringify`, read and
//! written field by field. What the first load decodes and encodes (the
//! directory, its cache, the session, the server's errors) goes through here
//! rather than serde_json: serde_json's parser and the decoders derived for
//! those types were a tenth of the first load, and the browser's parser
//! costs it nothing. Code that only lazy parts run keeps serde.

use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::JsValue;

/// A field that is missing or has the wrong shape, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadField(pub &'static str);

pub type FieldResult<T> = std::result::Result<T, BadField>;

/// `text` parsed as JSON, or `None` when it is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// The JSON text of `value`, or `None` when it has none (a cycle, a
/// function).
pub fn stringify(value: &JsValue) -> Option<String> {
    JSON::stringify(value).ok().map(String::from)
}

/// The fields of a parsed JSON object.
#[derive(Clone, Copy)]
pub struct Fields<'a>(pub &'a JsValue);

impl Fields<'_> {
    /// The field's value; `undefined` when it is missing.
    pub fn get(&self, name: &'static str) -> FieldResult<JsValue> {
        // `Reflect.get` throws on a value that is not an object.
        Reflect::get(self.0, &JsValue::from_str(name)).map_err(|_| BadField(name))
    }

    pub fn text(&self, name: &'static str) -> FieldResult<String> {
        self.get(name)?.as_string().ok_or(BadField(name))
    }

    /// The field's value, or `None` when it is missing or `null`.
    fn present(&self, name: &'static str) -> FieldResult<Option<JsValue>> {
        let value = self.get(name)?;
        Ok((!value.is_null() && !value.is_undefined()).then_some(value))
    }

    /// A text that may be missing or `null`.
    pub fn optional_text(&self, name: &'static str) -> FieldResult<Option<String>> {
        self.present(name)?
            .map(|value| value.as_string().ok_or(BadField(name)))
            .transpose()
    }

    /// A text that counts as empty when it is missing or `null`.
    pub fn text_or_empty(&self, name: &'static str) -> FieldResult<String> {
        Ok(self.optional_text(name)?.unwrap_or_default())
    }

    /// A whole number from 0 to `max`.
    pub fn whole(&self, name: &'static str, max: f64) -> FieldResult<u64> {
        let n = self.get(name)?.as_f64().ok_or(BadField(name))?;
        if n.fract() == 0.0 && (0.0..=max).contains(&n) {
            Ok(n as u64)
        } else {
            Err(BadField(name))
        }
    }

    /// A number that counts as 0 when it is missing or `null`.
    pub fn number_or_zero(&self, name: &'static str) -> FieldResult<f64> {
        self.present(name)?
            .map_or(Ok(0.0), |value| value.as_f64().ok_or(BadField(name)))
    }

    pub fn flag(&self, name: &'static str) -> FieldResult<bool> {
        self.get(name)?.as_bool().ok_or(BadField(name))
    }

    /// A flag that counts as false when it is missing or `null`.
    pub fn flag_or_false(&self, name: &'static str) -> FieldResult<bool> {
        self.present(name)?
            .map_or(Ok(false), |value| value.as_bool().ok_or(BadField(name)))
    }

    /// An array's items; `None` when the field is missing or `null`.
    pub fn optional_list(&self, name: &'static str) -> FieldResult<Option<Vec<JsValue>>> {
        self.present(name)?
            .map(|value| {
                if Array::is_array(&value) {
                    Ok(Array::from(&value).iter().collect())
                } else {
                    Err(BadField(name))
                }
            })
            .transpose()
    }

    pub fn list(&self, name: &'static str) -> FieldResult<Vec<JsValue>> {
        self.optional_list(name)?.ok_or(BadField(name))
    }

    /// An object's own fields in their order, as name and value; none when
    /// the field is missing or not an object.
    pub fn entries(&self, name: &'static str) -> FieldResult<Vec<(String, JsValue)>> {
        let value = self.get(name)?;
        if !value.is_object() || Array::is_array(&value) {
            return Ok(Vec::new());
        }
        Ok(Object::entries(&Object::from(value))
            .iter()
            .filter_map(|pair| {
                let pair = Array::from(&pair);
                Some((pair.get(0).as_string()?, pair.get(1)))
            })
            .collect())
    }
}

/// Builds a plain object field by field.
pub struct Writer(Object);

impl Writer {
    pub fn new() -> Self {
        Self(Object::new())
    }

    pub fn value(self, name: &str, value: &JsValue) -> Self {
        // Setting a string key on a fresh plain object cannot throw: it has
        // no setters and is not frozen.
        let _ = Reflect::set(&self.0, &JsValue::from_str(name), value);
        self
    }

    pub fn text(self, name: &str, value: &str) -> Self {
        self.value(name, &JsValue::from_str(value))
    }

    /// A text, or `null` when there is none.
    pub fn optional_text(self, name: &str, value: Option<&str>) -> Self {
        self.value(name, &value.map_or(JsValue::NULL, JsValue::from_str))
    }

    pub fn number(self, name: &str, value: f64) -> Self {
        self.value(name, &JsValue::from_f64(value))
    }

    pub fn flag(self, name: &str, value: bool) -> Self {
        self.value(name, &JsValue::from_bool(value))
    }

    pub fn finish(self) -> JsValue {
        self.0.into()
    }
}

impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn written_fields_read_back() {
        let value = Writer::new()
            .text("name", "Ayu \"the\" \u{1F33F}")
            .optional_text("photo", None)
            .number("price", 9_007_199_254_740_991.0)
            .flag("online", true)
            .finish();
        let text = stringify(&value).unwrap();
        let back = parse(&text).unwrap();
        let at = Fields(&back);
        assert_eq!(at.text("name").unwrap(), "Ayu \"the\" \u{1F33F}");
        assert_eq!(at.optional_text("photo").unwrap(), None);
        assert_eq!(
            at.whole("price", 9_007_199_254_740_991.0).unwrap(),
            (1 << 53) - 1
        );
        assert!(at.flag("online").unwrap());
        assert_eq!(at.text_or_empty("missing").unwrap(), "");
        assert!(!at.flag_or_false("missing").unwrap());
    }

    #[wasm_bindgen_test]
    fn a_field_of_the_wrong_shape_is_named() {
        let value = parse(r#"{"n":1.5,"t":3,"l":{},"o":[1]}"#).unwrap();
        let at = Fields(&value);
        assert_eq!(at.whole("n", 10.0), Err(BadField("n")));
        assert_eq!(at.text("t"), Err(BadField("t")));
        assert_eq!(at.text("absent"), Err(BadField("absent")));
        assert_eq!(at.list("l").map(|l| l.len()), Err(BadField("l")));
        assert!(
            at.entries("o").unwrap().is_empty(),
            "an array has no named fields"
        );
        assert_eq!(
            Fields(&JsValue::from_str("x")).text("a"),
            Err(BadField("a"))
        );
        assert!(parse("{not json").is_none());
    }

    #[wasm_bindgen_test]
    fn entries_keep_the_objects_order() {
        let value = parse(r#"{"data":{"b":{"code":"x"},"a":{"code":"y"}}}"#).unwrap();
        let names: Vec<String> = Fields(&value)
            .entries("data")
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names, ["b", "a"]);
    }
}
