//! Looks inside a blob in Node's `v8.serialize` format.
//!
//! Run it with:
//!
//! ```text
//! cargo run -p structured-clone --example inspect_blob
//! ```
//!
//! It builds the bytes Node 20 writes for
//!
//! ```js
//! const alice = { name: 'Alice', id: 7 };
//! v8.serialize({ title: 'Q3 report', owner: alice, reviewer: alice, scores: [1, 2.5, -3] })
//! ```
//!
//! (checked against a copy of Node's output), then reads them twice:
//!
//! * with [`structured_clone::decode`] into a [`Graph`], where `alice` stays one
//!   object referenced twice (the `^` back-reference on the wire), and prints it
//!   the way `util.inspect` would;
//! * with [`structured_clone::from_slice`] into a `#[derive(Deserialize)]`
//!   struct, where the shared object becomes two equal copies.

use serde::Deserialize;
use structured_clone::{decode, encode, from_slice, inspect, Graph, Heap, HeapValue, Key, Value};

/// `v8.serialize(...)` of the value above, from Node 20.
const NODE_HEX: &str = "ff0f6f22057469746c6522095133207265706f727422056f776e65726f22046e616d65\
2205416c69636522026964490e7b02220872657669657765725e01220673636f72657341034e000000000000\
f03f4e00000000000004404e00000000000008c02400037b04";

#[derive(Debug, Deserialize, PartialEq)]
struct Person {
    name: String,
    id: u32,
}

#[derive(Debug, Deserialize)]
struct Report {
    title: String,
    owner: Person,
    reviewer: Person,
    scores: Vec<f64>,
}

/// The value graph: `alice` is inserted once and referenced from two properties.
fn report_graph() -> Graph {
    let mut heap = Heap::new();
    let alice = heap.insert(HeapValue::Object(vec![
        (Key::from("name"), Value::string("Alice")),
        (Key::from("id"), Value::Int32(7)),
    ]));
    // V8 keeps [1, 2.5, -3] as double elements, so every element is written as a double.
    let scores = heap.insert(HeapValue::DenseArray {
        elements: [1.0, 2.5, -3.0].map(|d| Some(Value::Double(d))).to_vec(),
        properties: Vec::new(),
    });
    let root = heap.insert(HeapValue::Object(vec![
        (Key::from("title"), Value::string("Q3 report")),
        (Key::from("owner"), Value::Object(alice)),
        (Key::from("reviewer"), Value::Object(alice)),
        (Key::from("scores"), Value::Object(scores)),
    ]));
    Graph::from_parts(heap, Value::Object(root))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() -> Result<(), structured_clone::Error> {
    let bytes = encode(&report_graph())?;
    assert_eq!(hex(&bytes), NODE_HEX, "not the bytes Node writes");
    println!("{} bytes: {}\n", bytes.len(), hex(&bytes));

    let graph = decode(&bytes)?;
    println!("decode:\n{}\n", inspect::inspect(&graph));
    let root = graph.root.as_object().expect("an object");
    let HeapValue::Object(props) = &graph.heap[root] else {
        unreachable!("the root is a plain object")
    };
    let prop = |name: &str| {
        props
            .iter()
            .find(|(k, _)| *k == Key::from(name))
            .map(|(_, v)| v.clone())
            .expect("the property is there")
    };
    let (owner, reviewer) = (prop("owner"), prop("reviewer"));
    println!(
        "owner is {owner:?}, reviewer is {reviewer:?}: the same object: {}\n",
        owner == reviewer
    );

    let report: Report = from_slice(&bytes)?;
    println!("from_slice:\n{report:#?}");
    let mean = report.scores.iter().sum::<f64>() / report.scores.len() as f64;
    println!(
        "{}: {}'s mean score is {mean}",
        report.title, report.owner.name
    );
    assert_eq!(report.owner, report.reviewer);
    Ok(())
}
