//! `v8.startupSnapshot` outside and inside build mode.

use crate::{eval, restore, snapshot_refs, snapshot_with_node_v8, with_module};

#[test]
fn outside_build_mode_setters_throw_before_validating() {
    with_module(|scope| {
        let got = eval(
            scope,
            "const s = v8.startupSnapshot; const r = [Object.keys(s).join(), s.isBuildingSnapshot()]; \
             for (const f of [() => s.addSerializeCallback(1), () => s.addDeserializeCallback(() => {}), () => s.setDeserializeMainFunction()]) \
               try { f(); r.push('no throw') } catch (e) { r.push([e.name, e.code, e.message, String(e)].join('|')) } \
             JSON.stringify(r)",
        );
        let error = "Error|ERR_NOT_BUILDING_SNAPSHOT|Operation cannot be invoked when not building startup snapshot|\
                     Error [ERR_NOT_BUILDING_SNAPSHOT]: Operation cannot be invoked when not building startup snapshot";
        assert_eq!(
            got,
            format!(
                r#"["addDeserializeCallback,addSerializeCallback,setDeserializeMainFunction,isBuildingSnapshot",0,"{error}","{error}","{error}"]"#
            )
        );
    });
}

#[test]
fn build_mode_queues_callbacks_that_run_around_the_snapshot() {
    v8_host::testing::run_alone(
        "startup_snapshot::build_mode_queues_callbacks_that_run_around_the_snapshot",
        || {
            v8_host::init();
            let refs = snapshot_refs();
            let blob = snapshot_with_node_v8(refs, |scope| {
                let got = eval(
                    scope,
                    "const s = v8.startupSnapshot; const r = [s.isBuildingSnapshot()]; \
                     s.addSerializeCallback((d) => { globalThis.log = (globalThis.log || '') + d; \
                       s.addSerializeCallback((d2) => { globalThis.log += d2; }, '+late'); }, 'serialize'); \
                     s.addDeserializeCallback((d) => { globalThis.log += ',' + d; }, 'deserialize'); \
                     s.setDeserializeMainFunction((d) => { globalThis.log += ',' + d; }, 'main'); \
                     for (const f of [() => s.setDeserializeMainFunction(() => {}), () => s.addSerializeCallback(1)]) \
                       try { f() } catch (e) { r.push(e.code + ': ' + e.message) } \
                     JSON.stringify(r)",
                );
                assert_eq!(
                    got,
                    r#"[1,"ERR_DUPLICATE_STARTUP_SNAPSHOT_MAIN_FUNCTION: Deserialize main function is already configured.","ERR_INVALID_ARG_TYPE: The \"callback\" argument must be of type function. Received type number (1)"]"#
                );
                node_v8_facade::startup_snapshot::run_serialize_callbacks(scope).unwrap();
                assert_eq!(eval(scope, "log"), "serialize+late");
            });
            restore(blob, refs, |scope| {
                node_v8_facade::startup_snapshot::run_deserialize_callbacks(scope).unwrap();
                assert!(node_v8_facade::startup_snapshot::run_deserialize_main(scope).unwrap());
                assert_eq!(
                    eval(scope, "log + ' ' + v8.startupSnapshot.isBuildingSnapshot()"),
                    "serialize+late,deserialize,main 0"
                );
            });
        },
    );
}
