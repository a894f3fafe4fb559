//! Class names as DevTools' `calculateObjectNames` assigns them, interned to
//! dense class ids.

use std::collections::HashMap;

use crate::snapshot::HeapSnapshot;

/// Class of every node, as dense ids into `names`.
pub(crate) struct Classes {
    pub(crate) of_node: Vec<u32>,
    pub(crate) names: Vec<String>,
}

impl Classes {
    pub(crate) fn compute(snap: &HeapSnapshot) -> Classes {
        let nt = &snap.node_types;
        // String index -> dense class id (u32::MAX: not assigned yet).
        let mut by_string = vec![u32::MAX; snap.strings.len()];
        let mut by_name: HashMap<String, u32> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut intern = |name: String, names: &mut Vec<String>| -> u32 {
            *by_name.entry(name).or_insert_with_key(|k| {
                names.push(k.clone());
                (names.len() - 1) as u32
            })
        };
        // Fixed classes per node type.
        let mut by_type: Vec<u32> = Vec::with_capacity(nt.names.len());
        for (t, tname) in nt.names.iter().enumerate() {
            let t = Some(t as u8);
            let name = if t == nt.hidden {
                "(system)".to_string()
            } else if t == nt.code {
                "(compiled code)".to_string()
            } else if t == nt.closure {
                "Function".to_string()
            } else if t == nt.regexp {
                "RegExp".to_string()
            } else {
                format!("({tname})")
            };
            by_type.push(intern(name, &mut names));
        }
        let mut of_node = Vec::with_capacity(snap.node_count());
        for n in 0..snap.node_count() as u32 {
            let t = snap.node_type(n);
            let class = if Some(t) == nt.object || Some(t) == nt.native {
                let s = snap.node_name_index(n);
                let slot = by_string[s as usize];
                if slot != u32::MAX {
                    slot
                } else {
                    let id = intern(display_class(snap.strings.get(s)), &mut names);
                    by_string[s as usize] = id;
                    id
                }
            } else {
                by_type[t as usize]
            };
            of_node.push(class);
        }
        Classes { of_node, names }
    }
}

/// `<div id="a">` → `<div>`, `Detached <div id="a">` → `Detached <div>`.
fn display_class(name: &str) -> String {
    if name.starts_with('<') {
        if let Some(sp) = name.find(' ') {
            return format!("{}>", &name[..sp]);
        }
    } else if let Some(rest) = name.strip_prefix("Detached <") {
        if let Some(sp) = rest.find(' ') {
            return format!("Detached <{}>", &rest[..sp]);
        }
    }
    name.to_string()
}
