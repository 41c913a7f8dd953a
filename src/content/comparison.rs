//! Comparison tables kept as data in front matter ("SMO vs SMM", aspect by aspect).

use serde::{Deserialize, Deserializer, Serialize};

/// One comparison table.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The things compared, in order.
    #[serde(default)]
    pub columns: Vec<String>,
    #[serde(default)]
    pub rows: Vec<Row>,
}

/// One aspect compared across the columns.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Row {
    pub aspect: String,
    pub values: Values,
    #[serde(default)]
    pub note: Option<String>,
}

/// A row's values: a list in column order, or a map keyed by column name (order kept).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Values {
    List(Vec<String>),
    Map(Vec<(String, String)>),
}

impl Default for Values {
    fn default() -> Self {
        Values::List(Vec::new())
    }
}

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_yaml::Value::deserialize(deserializer)? {
            serde_yaml::Value::Sequence(items) => {
                items.iter().map(scalar_text).collect::<Result<_, _>>().map(Values::List).map_err(D::Error::custom)
            }
            serde_yaml::Value::Mapping(map) => map
                .iter()
                .map(|(k, v)| Ok((scalar_text(k)?, scalar_text(v)?)))
                .collect::<Result<_, String>>()
                .map(Values::Map)
                .map_err(D::Error::custom),
            other => Err(D::Error::custom(format!(
                "`values` must be a list (one value per column) or a map keyed by column name, not {}",
                kind_of(&other)
            ))),
        }
    }
}

fn scalar_text(v: &serde_yaml::Value) -> Result<String, String> {
    match v {
        serde_yaml::Value::String(s) => Ok(s.clone()),
        serde_yaml::Value::Number(n) => Ok(n.to_string()),
        serde_yaml::Value::Bool(b) => Ok(if *b { "Yes".into() } else { "No".into() }),
        serde_yaml::Value::Null => Ok(String::new()),
        other => Err(format!("a table cell must be text, not {}", kind_of(other))),
    }
}

fn kind_of(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "text",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a map",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

/// Where in the front matter a problem lies: which comparison, and which row of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub comparison: usize,
    pub row: Option<usize>,
}

/// A problem with the shape of a page's comparisons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: String,
    pub help: String,
}

impl Comparison {
    /// The values in column order; only valid after [`validate`] found no problem.
    pub fn cells(&self, row: &Row) -> Vec<String> {
        match &row.values {
            Values::List(v) => v.clone(),
            Values::Map(m) => self
                .columns
                .iter()
                .map(|c| m.iter().find(|(k, _)| k == c).map(|(_, v)| v.clone()).unwrap_or_default())
                .collect(),
        }
    }
}

/// Checks the shape of a page's comparisons: ids unique, columns present, one value per column.
pub fn validate(comparisons: &[Comparison]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (ci, c) in comparisons.iter().enumerate() {
        let at = |row| Place { comparison: ci, row };
        if c.id.trim().is_empty() {
            problems.push(Problem {
                place: at(None),
                message: "a comparison has an empty `id`".into(),
                help: "give it an id such as `smo-vs-smm`, used to place it in the body".into(),
            });
        } else if !c.id.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_') {
            problems.push(Problem {
                place: at(None),
                message: format!("the comparison id `{}` has characters other than letters, digits, `-` and `_`", c.id),
                help: "ids become file names and anchors: use lowercase words joined by hyphens".into(),
            });
        }
        if comparisons[..ci].iter().any(|o| o.id == c.id) {
            problems.push(Problem {
                place: at(None),
                message: format!("the comparison id `{}` is used twice on this page", c.id),
                help: "give each comparison of a page its own id".into(),
            });
        }
        if c.columns.len() < 2 {
            problems.push(Problem {
                place: at(None),
                message: format!(
                    "the comparison `{}` has {} column(s); a comparison needs at least two",
                    c.id,
                    c.columns.len()
                ),
                help: "list the things compared: `columns: [SMO, SMM]`".into(),
            });
            continue;
        }
        if let Some(dup) = c.columns.iter().enumerate().find(|(i, col)| c.columns[..*i].contains(col)) {
            problems.push(Problem {
                place: at(None),
                message: format!("the column `{}` appears twice in `{}`", dup.1, c.id),
                help: "each column names a different thing".into(),
            });
        }
        if c.rows.is_empty() {
            problems.push(Problem {
                place: at(None),
                message: format!("the comparison `{}` has no rows", c.id),
                help: "add `rows:`, each with an `aspect` and one value per column".into(),
            });
        }
        for (ri, row) in c.rows.iter().enumerate() {
            let at = at(Some(ri));
            match &row.values {
                Values::List(v) if v.len() != c.columns.len() => problems.push(Problem {
                    place: at,
                    message: format!(
                        "the row `{}` has {} value(s) for {} columns ({})",
                        row.aspect,
                        v.len(),
                        c.columns.len(),
                        c.columns.join(", ")
                    ),
                    help: "give one value per column, in column order".into(),
                }),
                Values::Map(m) => {
                    for (k, _) in m {
                        if !c.columns.contains(k) {
                            let help = match crate::diagnostic::did_you_mean(k, c.columns.iter().map(String::as_str)) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => format!("the columns are: {}", c.columns.join(", ")),
                            };
                            problems.push(Problem {
                                place: at,
                                message: format!(
                                    "the row `{}` has a value for `{k}`, which is not a column",
                                    row.aspect
                                ),
                                help,
                            });
                        }
                    }
                    for col in &c.columns {
                        if !m.iter().any(|(k, _)| k == col) {
                            problems.push(Problem {
                                place: at,
                                message: format!("the row `{}` has no value for the column `{col}`", row.aspect),
                                help: format!("add `{col}: ...` to its values"),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> Vec<Comparison> {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn list_and_map_rows_give_cells_in_column_order() {
        let cs = parse("- id: a\n  title: A\n  columns: [X, Y]\n  rows:\n  - aspect: one\n    values: [1, two]\n  - aspect: two\n    values: {Y: y, X: x}\n");
        assert!(validate(&cs).is_empty());
        assert_eq!(cs[0].cells(&cs[0].rows[0]), ["1", "two"]);
        assert_eq!(cs[0].cells(&cs[0].rows[1]), ["x", "y"]);
    }

    #[test]
    fn shape_problems_are_found() {
        let cs = parse("- id: a\n  title: A\n  columns: [X, Y]\n  rows:\n  - aspect: short\n    values: [1]\n  - aspect: odd\n    values: {X: 1, Z: 2}\n- id: a\n  title: B\n  columns: [X]\n");
        let msgs: Vec<_> = validate(&cs).into_iter().map(|p| (p.place, p.message)).collect();
        assert!(msgs.iter().any(|(p, m)| p.row == Some(0) && m.contains("1 value(s) for 2 columns")), "{msgs:?}");
        assert!(msgs.iter().any(|(p, m)| p.row == Some(1) && m.contains("`Z`, which is not a column")), "{msgs:?}");
        assert!(msgs.iter().any(|(_, m)| m.contains("used twice")), "{msgs:?}");
        assert!(msgs.iter().any(|(_, m)| m.contains("needs at least two")), "{msgs:?}");
    }
}
