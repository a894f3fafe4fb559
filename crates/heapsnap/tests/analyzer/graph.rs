//! Builds `.heapsnapshot` JSON for small hand-made or generated graphs, in
//! either schema variant (Node 20's 7 node fields or V8 15.2's 6).

pub const NODE_TYPES: [&str; 15] = [
    "hidden",
    "array",
    "string",
    "object",
    "code",
    "closure",
    "regexp",
    "number",
    "native",
    "synthetic",
    "concatenated string",
    "sliced string",
    "symbol",
    "bigint",
    "object shape",
];
pub const EDGE_TYPES: [&str; 7] = [
    "context", "element", "property", "internal", "hidden", "shortcut", "weak",
];

#[derive(Debug, Clone)]
pub struct Node {
    pub ty: &'static str,
    pub name: String,
    pub id: u32,
    pub self_size: u64,
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub ty: &'static str,
    pub name: String,
    pub to: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// Node 20 / V8 11.3: 7 node fields incl. trace_node_id, 16 types.
    Node20,
    /// V8 15.2: 6 node fields, field order as V8 writes them.
    V8_15,
}

impl Graph {
    pub fn node(&mut self, ty: &'static str, name: &str, self_size: u64) -> usize {
        let id = 1 + 2 * self.nodes.len() as u32;
        self.nodes.push(Node {
            ty,
            name: name.to_string(),
            id,
            self_size,
        });
        self.nodes.len() - 1
    }

    pub fn edge(&mut self, from: usize, ty: &'static str, name: &str, to: usize) {
        self.edges.push(Edge {
            from,
            ty,
            name: name.to_string(),
            to,
        });
    }

    pub fn to_json(&self, schema: Schema) -> String {
        let mut strings: Vec<String> = vec!["<dummy>".into()];
        let mut intern = |s: &str| -> usize {
            if let Some(i) = strings.iter().position(|x| x == s) {
                i
            } else {
                strings.push(s.to_string());
                strings.len() - 1
            }
        };
        let nf = if schema == Schema::Node20 { 7 } else { 6 };
        let mut types: Vec<&str> = NODE_TYPES.to_vec();
        if schema == Schema::Node20 {
            types.push("wasm object");
        }
        let mut nodes = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            let t = types.iter().position(|&t| t == n.ty).expect("node type");
            let ec = self.edges.iter().filter(|e| e.from == i).count();
            let name = intern(&n.name);
            let mut rec = vec![t as u64, name as u64, n.id as u64, n.self_size, ec as u64];
            if schema == Schema::Node20 {
                rec.push(0);
            }
            rec.push(0);
            nodes.push(rec.iter().map(u64::to_string).collect::<Vec<_>>().join(","));
        }
        let mut sorted = self.edges.clone();
        sorted.sort_by_key(|e| e.from);
        let mut edges = Vec::new();
        for e in &sorted {
            let t = EDGE_TYPES
                .iter()
                .position(|&t| t == e.ty)
                .expect("edge type");
            let name = if e.ty == "element" || e.ty == "hidden" {
                e.name.parse::<usize>().expect("numeric edge name")
            } else {
                intern(&e.name)
            };
            edges.push(format!("{t},{name},{}", e.to * nf));
        }
        let node_fields = if schema == Schema::Node20 {
            r#"["type","name","id","self_size","edge_count","trace_node_id","detachedness"]"#
        } else {
            r#"["type","name","id","self_size","edge_count","detachedness"]"#
        };
        let extra = if schema == Schema::Node20 {
            r#","number""#
        } else {
            ""
        };
        let types_json = serde_json::to_string(&types).unwrap();
        let sep = if schema == Schema::Node20 { ",\n" } else { "," };
        format!(
            r#"{{"snapshot":{{"meta":{{"node_fields":{node_fields},"node_types":[{types_json},"string","number","number","number","number"{extra}],"edge_fields":["type","name_or_index","to_node"],"edge_types":[{edge_types},"string_or_number","node"],"location_fields":["object_index","script_id","line","column"]}},"node_count":{nc},"edge_count":{ec},"trace_function_count":0}},
"nodes":[{nodes}],
"edges":[{edges}],
"trace_function_infos":[],
"trace_tree":[],
"samples":[],
"locations":[],
"strings":{strings}}}"#,
            edge_types = serde_json::to_string(&EDGE_TYPES).unwrap(),
            nc = self.nodes.len(),
            ec = self.edges.len(),
            nodes = nodes.join(sep),
            edges = edges.join(","),
            strings = serde_json::to_string(&strings).unwrap(),
        )
    }
}
