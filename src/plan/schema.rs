//! The JSON Schema of a plan for one kit, for editors (`thinkkit plan schema --kit KIT`).
//!
//! A kit's schema (`thinkkit kit schema`) is the same for every kit; a plan's is not: its answers
//! are keyed by the kit's question ids and typed by each question (a choice's values as an enum,
//! a percentage from 0 to 100, a list's limits), and its cards, measures and channels are the
//! kit's. So the schema is written from the kit, here, rather than derived from the plan's Rust
//! types. An editor with a YAML language server then completes ids and flags a wrong value as it
//! is typed. The schema says what the file may hold; `thinkkit plan check` says the rest (a
//! channel mix adds up to 100, a target is after its baseline, nothing is listed twice).

use serde_json::{Map, Value, json};

use super::FORMAT;
use crate::kit::{Kit, QuestionType, VocabularyName};
use crate::limits::LARGEST_NUMBER;

/// The JSON Schema (draft 2020-12) of a plan made with `kit`.
pub fn plan_schema(kit: &Kit) -> Value {
    let date = json!({
        "type": "string",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": "A date, YYYY-MM-DD."
    });
    let number = |min: f64, max: f64| json!({"type": "number", "minimum": min, "maximum": max});
    let question_ids: Vec<&str> = kit.questions().map(|(_, q)| q.id.as_str()).collect();
    let card_ids: Vec<&str> = kit.cards().iter().map(|c| c.id.as_str()).collect();
    let measure_ids: Vec<&str> = kit.measures().iter().map(|m| m.id.as_str()).collect();
    let channel_ids: Vec<&str> = kit
        .vocabulary(VocabularyName::Channels)
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let computed_ids: Vec<&str> = question_ids
        .iter()
        .copied()
        .filter(|id| kit.default_expr(id).is_some())
        .collect();
    let optional_ids: Vec<&str> = kit
        .questions()
        .filter(|(_, q)| !q.required)
        .map(|(_, q)| q.id.as_str())
        .collect();

    let mut answers = Map::new();
    for (component, q) in kit.questions() {
        let mut s = answer_schema(kit, q);
        let obj = s.as_object_mut().expect("an answer schema is an object");
        obj.insert("title".into(), json!(q.prompt));
        let mut description = format!("{} · {}", component.title, q.kind.name());
        if !q.help.trim().is_empty() {
            description.push_str(" · ");
            description.push_str(q.help.trim());
        }
        obj.insert("description".into(), json!(description));
        answers.insert(q.id.clone(), s);
    }

    let mix = |what: &str| {
        json!({
            "type": "object",
            "description": format!("Share of transactions by channel {what}, percent; the shares add up to 100."),
            "propertyNames": ids_or_any(&channel_ids),
            "additionalProperties": number(0.0, 100.0)
        })
    };
    let reading = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["value", "date"],
        "properties": {
            "value": number(-LARGEST_NUMBER, LARGEST_NUMBER),
            "date": date,
            "note": {"type": "string"}
        }
    });
    let pounds = number(0.0, LARGEST_NUMBER);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("thinkkit plan for kit `{}` {}", kit.id(), kit.version()),
        "description": "A thinkkit strategy plan (docs/plan-format.md). `thinkkit plan check PLAN` checks what a schema cannot.",
        "type": "object",
        "additionalProperties": false,
        "required": ["thinkkit-plan", "kit"],
        "properties": {
            "thinkkit-plan": {"type": "integer", "minimum": 1, "maximum": FORMAT, "description": "The plan format version."},
            "kit": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id", "version"],
                "properties": {
                    "id": {"const": kit.id()},
                    "version": {"type": "string"},
                    "path": {"type": "string", "description": "For a kit that is not built in: its path, relative to the plan's folder."}
                }
            },
            "organisation": {"type": "string"},
            "team": {"type": "string"},
            "created": date,
            "updated": date,
            "answers": {
                "type": "object",
                "description": "Answers by question id.",
                "additionalProperties": false,
                "properties": answers
            },
            "computed": {
                "type": "array",
                "description": "Answers taken from the kit's computed suggestion; they follow their inputs.",
                "uniqueItems": true,
                "items": ids_or_none(&computed_ids)
            },
            "to-decide": {
                "type": "object",
                "description": "Questions the team will decide later.",
                "propertyNames": ids_or_none(&question_ids),
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {"note": {"type": "string"}, "owner": {"type": "string"}}
                }
            },
            "skipped": {
                "type": "array",
                "description": "Optional questions the team chose to leave unanswered.",
                "uniqueItems": true,
                "items": ids_or_none(&optional_ids)
            },
            "cards": {
                "type": "array",
                "description": "Chosen project cards, in the order chosen.",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id"],
                    "properties": {
                        "id": ids_or_none(&card_ids),
                        "cost": pounds,
                        "running-cost": pounds,
                        "owner": {"type": "string"},
                        "start": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$", "description": "The month it starts, YYYY-MM."},
                        "notes": {"type": "string"}
                    }
                }
            },
            "measures": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id"],
                    "properties": {
                        "id": ids_or_none(&measure_ids),
                        "baseline": reading,
                        "target": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["value", "by"],
                            "properties": {"value": number(-LARGEST_NUMBER, LARGEST_NUMBER), "by": date}
                        },
                        "values": {"type": "array", "items": reading}
                    }
                }
            },
            "channel-shift": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "services": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["service", "transactions-per-year", "now", "target"],
                            "properties": {
                                "service": {"type": "string", "minLength": 1},
                                "transactions-per-year": {"type": "integer", "minimum": 0, "maximum": LARGEST_NUMBER},
                                "now": mix("now"),
                                "target": mix("aimed for")
                            }
                        }
                    },
                    "unit-costs": {
                        "type": "object",
                        "propertyNames": ids_or_any(&channel_ids),
                        "additionalProperties": pounds
                    },
                    "unit-costs-source": {"type": "string"}
                }
            },
            "orphaned": {
                "type": "object",
                "description": "Answers to questions the kit no longer has, kept by thinkkit."
            }
        }
    })
}

/// `{"enum": ids}`, or a schema nothing matches when the kit has none.
fn ids_or_none(ids: &[&str]) -> Value {
    if ids.is_empty() {
        json!({"not": {}})
    } else {
        json!({"enum": ids})
    }
}

/// `{"enum": ids}`, or any string when the kit has none (then the kit's figures are not used).
fn ids_or_any(ids: &[&str]) -> Value {
    if ids.is_empty() {
        json!({"type": "string"})
    } else {
        json!({"enum": ids})
    }
}

/// An answer's schema, from its question: the shape a plan stores (see
/// [`crate::interview::Interview::check_stored`]) and the question's limits.
fn answer_schema(kit: &Kit, q: &crate::kit::Question) -> Value {
    use QuestionType as T;
    let bounds = |s: &mut Map<String, Value>, lo: Option<f64>, hi: Option<f64>| {
        s.insert("minimum".into(), json!(lo.unwrap_or(-LARGEST_NUMBER)));
        s.insert("maximum".into(), json!(hi.unwrap_or(LARGEST_NUMBER)));
    };
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let count = |v: f64| json!(v.max(0.0).ceil() as u64);
    let values: Vec<String> = kit.choices(q).iter().map(|c| c.value.clone()).collect();
    let mut s = Map::new();
    match q.kind {
        T::YesNo => {
            s.insert("type".into(), json!("boolean"));
        }
        T::Number | T::Money => {
            s.insert(
                "type".into(),
                json!(if q.whole { "integer" } else { "number" }),
            );
            bounds(&mut s, q.min, q.max);
        }
        T::Percent => {
            s.insert("type".into(), json!("number"));
            bounds(
                &mut s,
                Some(q.min.unwrap_or(0.0).max(0.0)),
                Some(q.max.unwrap_or(100.0).min(100.0)),
            );
        }
        T::Text | T::LongText => {
            s.insert("type".into(), json!("string"));
            if q.required {
                s.insert("pattern".into(), json!("\\S"));
            }
        }
        T::Choice => {
            s.insert("enum".into(), json!(values));
        }
        T::MultiChoice | T::List => {
            s.insert("type".into(), json!("array"));
            let items = if q.kind == T::MultiChoice {
                s.insert("uniqueItems".into(), json!(true));
                json!({"enum": values})
            } else {
                json!({"type": "string"})
            };
            s.insert("items".into(), items);
            let min = q.min.map(count).or(q.required.then(|| json!(1)));
            if let Some(min) = min {
                s.insert("minItems".into(), min);
            }
            if let Some(max) = q.max {
                s.insert("maxItems".into(), count(max));
            }
        }
    }
    Value::Object(s)
}
