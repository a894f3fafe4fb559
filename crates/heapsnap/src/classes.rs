//! Class names as DevTools' `calculateObjectNames` assigns them, interned to
//! dense class ids.

use std::collections::HashMap;

use crate::snapshot::HeapSnapshot;

/// Class of every node, as dense ids into `names`. Looked up per node
/// rather than stored per node (4 bytes per node at the summary's peak).
#[derive(Debug, Clone)]
pub(crate) struct Classes {
    pub(crate) names: Vec<String>,
    /// Class of object and native nodes by name string index.
    by_string: Vec<u32>,
    /// Class of the other nodes by node type.
    by_type: Vec<u32>,
    /// Per node type: named by the node's name (object, native).
    named: Vec<bool>,
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
        let named: Vec<bool> = (0..nt.names.len())
            .map(|t| Some(t as u8) == nt.object || Some(t as u8) == nt.native)
            .collect();
        // Ids in node order, as before: the first node of a class names it.
        for n in 0..snap.node_count() as u32 {
            if named[snap.node_type(n) as usize] {
                let s = snap.node_name_index(n);
                if by_string[s as usize] == u32::MAX {
                    let id = intern(display_class(snap.strings.get(s)), &mut names);
                    by_string[s as usize] = id;
                }
            }
        }
        Classes {
            names,
            by_string,
            by_type,
            named,
        }
    }

    /// Class id of node `n`.
    #[inline]
    pub(crate) fn of(&self, snap: &HeapSnapshot, n: u32) -> u32 {
        let t = snap.node_type(n) as usize;
        if self.named[t] {
            self.by_string[snap.node_name_index(n) as usize]
        } else {
            self.by_type[t]
        }
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
