//! A function that calls one of its parameters runs whatever its caller hands it: `const call = (f, ...a)
//! => f(...a)` called as `call(globalThis.eval, body)`, or `def apply(fn, *args): return fn(*args)` called
//! as `apply(os.system, cmd)`. The function's summary lists the parameters it calls; a call of it that
//! passes a code-execution function there is that function's sink for the call's other arguments.

use super::*;

impl<'t> Analysis<'t> {
    /// `f(…)` inside a function whose parameter `f` is: recorded on the function's summary.
    pub(super) fn note_invoked_parameter(&mut self, callee: Node<'t>) {
        if self.kind(callee) != "identifier" {
            return;
        }
        let Some(function) = self.current_function() else {
            return;
        };
        let taint = self.eval(callee);
        for label in &taint.0 {
            let Kind::Param(f, i) = label.kind else {
                continue;
            };
            let invokes = &mut self.functions[f as usize].invokes;
            if f == function && !invokes.contains(&i) {
                invokes.push(i);
                self.changed = true;
            }
        }
    }

    /// A call of the local function `index` that passes a code-execution function where the function
    /// calls its parameter: that function runs the call's other arguments.
    pub(super) fn passed_runner(
        &mut self,
        call: Node<'t>,
        index: u32,
        shift: usize,
        args: &[Node<'t>],
        name: &str,
    ) {
        let invokes = self.functions[index as usize].invokes.clone();
        for param in invokes {
            let Some(position) = (param as usize).checked_sub(shift) else {
                continue;
            };
            let Some(runner) = args.get(position).copied() else {
                continue;
            };
            let Some(canonical) = self.canonical(runner) else {
                continue;
            };
            // `globalThis.eval`, `window.eval`: the global object's member is the global function.
            let bare = ["globalThis.", "global.", "window.", "self.", "builtins."]
                .iter()
                .find_map(|p| canonical.strip_prefix(p))
                .unwrap_or(&canonical)
                .to_string();
            let Role::Exec(what) = self.role(call, &bare) else {
                continue;
            };
            let mut taint = Taint::default();
            for (i, arg) in args.iter().enumerate() {
                if i != position {
                    taint.join(&self.eval(*arg));
                }
            }
            let shown = self.node_text(runner).chars().take(40).collect::<String>();
            let site = self.site(
                SinkKind::Exec,
                call,
                format!("{shown} ({what}), handed to {name}() to call"),
            );
            let via = Some((call.start_byte(), format!("passed to {name}() here")));
            self.sink(&site, &taint, via);
        }
    }
}
