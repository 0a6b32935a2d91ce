"""What the fuzzers feed edgelint and what they check, shared by tests/test_fuzz.py (a quick run
in the default test suite) and tests/fuzz/run_fuzz.py (a long run outside it).

Inputs: deployment manifests built from random modules (names, images, createOptions as an
object, a JSON string or chunks, env, ports, binds, mounts, devices, resources,
k8s-experimental), with placeholders and junk in any value, written as JSON (indented or
compact, CRLF, BOM, UTF-16) or YAML; and byte and token mutations of real manifests, also
inside their stringified createOptions.

Checks, for every input: no exception and no internal error; every finding and fix edit lies
inside the file, with line and column that agree with its offsets; fixing converges, its
output still parses as a manifest and encodes, and fixing that output again changes nothing;
every report format renders; the Kubernetes preview renders or declines cleanly.
"""

import codecs
import io
import itertools
import json
import re
import sys
import warnings
from pathlib import Path

from hypothesis import strategies as st

TESTS = Path(__file__).resolve().parent.parent
ROOT = TESTS.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from edgelint.engine import detect_format, lint_bytes, lint_source  # noqa: E402
from edgelint.fixes.loop import fix_loop  # noqa: E402
from edgelint.report import LintRun  # noqa: E402
from edgelint.report import render as render_report  # noqa: E402
from edgelint.rule import all_rules  # noqa: E402
from edgelint.source.text import SourceText  # noqa: E402

RULES = all_rules()  # opt-in rules too: every rule must survive every input
CHUNK = 512

# --- generated manifests --------------------------------------------------------------

PLACEHOLDERS = ["${MODULES.app}", "$CONTAINER_REGISTRY", "<your value>", "__VAR__", "${X}:${Y}", "$env:HOME"]
JUNK_TEXT = ["", " ", "\t", "\n", "\u00e9\u4e2d", "\U0001f600", "\\", '"', "'", "{", "}", "[]", "null", "-", ":"]
junk = st.one_of(
    st.sampled_from(JUNK_TEXT),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.just([]),
    st.just({}),
    st.text(max_size=8),
)


def maybe(strategy):
    """A value that is usually what the key wants, sometimes a placeholder or junk."""
    return st.one_of(strategy, strategy, strategy, strategy, st.sampled_from(PLACEHOLDERS), junk)


word = st.sampled_from(["app", "data", "x", "config", "models", "log", "Europe/Amsterdam"]) | st.text(
    alphabet=st.characters(codec="utf-8"), max_size=10
)
module_name = st.sampled_from(
    ["camera", "My_Module", "cam.v2", "1reader", "m" * 70, "-edge-", "${MODULES.app}", "m\u00f6dul", "SimulatedTemp"]
) | st.text(alphabet="abcAB_-.019$", min_size=1, max_size=12)
path = st.sampled_from(
    [
        "/etc/localtime",
        "/var/run/docker.sock",
        "/dev/video0",
        "/dev/catapult0",
        "/srv/data",
        "/opt/app/config.json",
        "/dev/shm",
        "data-volume",
        "${DATA_DIR}",
        "C:\\data",
        "/",
        "/a:b",
    ]
)
bind = st.builds(lambda s, t, ro: f"{s}:{t}" + (":ro" if ro else ""), path, path, st.booleans()) | path
port_key = st.sampled_from(["80/tcp", "8080/udp", "35000/tcp", "35001/udp", "443", "1000-1010/tcp", "x/tcp", "80/sctp"])
host_port = maybe(st.sampled_from(["80", "8080", "35000", "", "abc", "70000"]) | st.integers(0, 70000))
quantity = maybe(st.sampled_from(["512Mi", "1Gi", "0.5", "500m", "2", "1e3", "-1", "1.5Gi", "abc"]))

host_config = st.fixed_dictionaries(
    {},
    optional={
        "Binds": st.lists(maybe(bind), max_size=3),
        "Mounts": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "Type": maybe(st.sampled_from(["bind", "volume", "tmpfs"])),
                    "Source": maybe(path),
                    "Target": maybe(path),
                    "ReadOnly": maybe(st.booleans()),
                },
            ),
            max_size=3,
        ),
        "PortBindings": st.dictionaries(
            port_key,
            maybe(
                st.lists(
                    st.fixed_dictionaries({}, optional={"HostPort": host_port, "HostIp": st.just("0.0.0.0")}),
                    max_size=2,
                )
            ),
            max_size=3,
        ),
        "Privileged": maybe(st.booleans()),
        "Memory": maybe(st.integers(0, 2**34)),
        "NanoCpus": maybe(st.integers(0, 4 * 10**9)),
        "Devices": st.lists(st.fixed_dictionaries({"PathOnHost": path, "PathInContainer": path}), max_size=2),
        "DeviceRequests": st.just([{"Count": -1, "Capabilities": [["gpu"]]}]),
        "Runtime": maybe(st.sampled_from(["nvidia", "runc"])),
        "NetworkMode": maybe(st.sampled_from(["host", "bridge", "azure-iot-edge"])),
        "ShmSize": maybe(st.integers(0, 2**31)),
        "CapAdd": st.lists(word, max_size=2),
        "ExtraHosts": st.lists(word, max_size=2),
        "IpcMode": maybe(st.sampled_from(["host", "private"])),
    },
)
k8s_section = st.fixed_dictionaries(
    {},
    optional={
        "resources": st.fixed_dictionaries(
            {},
            optional={
                "limits": st.dictionaries(
                    st.sampled_from(["memory", "cpu", "nvidia.com/gpu", "microsoft.com/fpga_catapult"]),
                    quantity,
                    max_size=3,
                ),
                "requests": st.dictionaries(st.sampled_from(["memory", "cpu", "nvidia.com/gpu"]), quantity, max_size=3),
            },
        ),
        "strategy": maybe(st.fixed_dictionaries({"type": maybe(st.sampled_from(["Recreate", "RollingUpdate"]))})),
        "serviceOptions": maybe(
            st.fixed_dictionaries({}, optional={"type": maybe(st.sampled_from(["ClusterIP", "NodePort"]))})
        ),
        "nodeSelector": st.dictionaries(word, word, max_size=2),
        "securityContext": st.fixed_dictionaries(
            {}, optional={"runAsUser": maybe(st.integers(0, 1000)), "privileged": maybe(st.booleans())}
        ),
        "volumes": st.lists(
            st.fixed_dictionaries(
                {
                    "volume": st.fixed_dictionaries({"name": maybe(word)}, optional={"emptyDir": st.just({})}),
                    "volumeMounts": st.lists(
                        st.fixed_dictionaries({"name": maybe(word), "mountPath": maybe(path)}), max_size=2
                    ),
                }
            ),
            max_size=2,
        ),
        "tolerations": st.just([]),
    },
)
env_entry = (
    st.builds(lambda k, v: f"{k}={v}", st.sampled_from(["A", "Logging:Level", "https_proxy", "no_proxy", "9x"]), word)
    | word
)
create_options = st.fixed_dictionaries(
    {},
    optional={
        "HostConfig": maybe(host_config),
        "ExposedPorts": st.dictionaries(port_key, st.just({}), max_size=3),
        "Env": maybe(st.lists(env_entry, max_size=3)),
        "Cmd": maybe(st.lists(word, max_size=2)),
        "Entrypoint": maybe(st.lists(word, max_size=2)),
        "WorkingDir": maybe(word),
        "User": word,
        "Labels": st.dictionaries(word, word, max_size=2),
        "k8s-experimental": maybe(k8s_section),
    },
)
env_section = st.dictionaries(
    st.sampled_from(
        ["Logging:Level", "https_proxy", "http_proxy", "no_proxy", "UpstreamProtocol", "A", "WIRESERVER_ADDRESS"]
    )
    | word,
    maybe(st.fixed_dictionaries({"value": maybe(word)})),
    max_size=3,
)
# how a module's createOptions are written: object, JSON string, chunks (padded keys, unpadded
# keys, out of order), an empty string, absent
OPTIONS_FORMS = ("object", "string", "chunks", "chunks-unpadded", "chunks-shuffled", "empty", "absent")
module = st.fixed_dictionaries(
    {
        "type": st.just("docker"),
        "image": maybe(st.sampled_from(["contoso.azurecr.io/app:1.0", "${MODULES.app}"])),
        "createOptions": create_options,
        "form": st.sampled_from(OPTIONS_FORMS),
        "split": st.lists(st.integers(1, CHUNK + 40), min_size=1, max_size=4),
    },
    optional={
        "status": maybe(st.sampled_from(["running", "stopped"])),
        "restartPolicy": maybe(st.sampled_from(["always", "never", "on-failure", "on-unhealthy"])),
        "startupOrder": maybe(st.integers(0, 10)),
        "imagePullPolicy": maybe(st.sampled_from(["on-create", "never"])),
        "env": env_section,
    },
)
LAYOUTS = ("modulesContent", "moduleContent", "configuration", "layered", "twins")
ENCODINGS = ("json", "json-compact", "json-crlf", "json-bom", "json-utf16", "yaml")


@st.composite
def manifests(draw):
    """(file name, bytes) of a generated deployment manifest."""
    modules = draw(st.dictionaries(module_name, module, max_size=4))
    system = draw(st.dictionaries(st.sampled_from(["edgeAgent", "edgeHub"]), module, max_size=2))
    routes = draw(
        st.dictionaries(
            word,
            maybe(
                st.sampled_from(
                    [
                        "FROM /messages/* INTO $upstream",
                        'FROM /messages/modules/camera/outputs/* INTO BrokeredEndpoint("/modules/x/inputs/y")',
                    ]
                )
            ),
            max_size=3,
        )
    )
    document = _deployment(
        {name: _module(spec, draw) for name, spec in modules.items()},
        {name: _module(spec, draw) for name, spec in system.items()},
        routes,
        draw(st.sampled_from(LAYOUTS)),
        draw(st.sampled_from(["1.0", "1.1", "1.2", "${V}"])),
    )
    return write(document, draw(st.sampled_from(ENCODINGS)), draw(st.booleans()))


def _module(spec, draw):
    settings = {"image": spec["image"]}
    options, form = spec["createOptions"], spec["form"]
    if form == "object":
        settings["createOptions"] = options
    elif form == "string":
        settings["createOptions"] = json.dumps(options, separators=(",", ":") if draw(st.booleans()) else None)
    elif form.startswith("chunks"):
        text = json.dumps(options)
        pieces, position, sizes = [], 0, itertools.cycle(spec["split"])
        while position < len(text) or not pieces:
            size = next(sizes)
            pieces.append(text[position : position + size])
            position += size
        keys = ["createOptions"] + [
            f"createOptions{i:02d}" if form != "chunks-unpadded" else f"createOptions{i}" for i in range(1, len(pieces))
        ]
        pairs = list(zip(keys, pieces))
        if form == "chunks-shuffled":
            pairs.reverse()
        settings.update(pairs)
    elif form == "empty":
        settings["createOptions"] = ""
    node = {
        key: spec[key]
        for key in ("type", "status", "restartPolicy", "startupOrder", "imagePullPolicy", "env")
        if key in spec
    }
    node["settings"] = settings
    return node


def _deployment(modules, system, routes, layout, version):
    agent = {
        "schemaVersion": version,
        "runtime": {"type": "docker", "settings": {}},
        "systemModules": system,
        "modules": modules,
    }
    hub = {"schemaVersion": version, "routes": routes, "storeAndForwardConfiguration": {"timeToLiveSecs": 7200}}
    if layout == "layered":
        content = {
            "$edgeAgent": {f"properties.desired.modules.{name}": node for name, node in modules.items()},
            "$edgeHub": {f"properties.desired.routes.{name}": route for name, route in routes.items()},
        }
    else:
        content = {"$edgeAgent": {"properties.desired": agent}, "$edgeHub": {"properties.desired": hub}}
    if layout == "configuration":
        return {"content": {"modulesContent": content}}
    if layout == "twins":
        return content
    return {layout if layout == "moduleContent" else "modulesContent": content}


def write(document, encoding, ascii_only):
    """(file name, bytes) of `document` written in one of ENCODINGS."""
    if encoding == "yaml":
        from ruamel.yaml import YAML

        # A copy without shared objects: ruamel writes an object met twice as an anchor and
        # aliases, and fixes are off for text that several nodes share.
        document = json.loads(json.dumps(document))

        yaml = YAML()
        yaml.width = 100_000
        out = io.StringIO()
        yaml.dump(document, out)
        return "deployment.yaml", out.getvalue().encode("utf-8")
    indent = None if encoding == "json-compact" else 2
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only) + "\n"
    if encoding == "json-crlf":
        text = text.replace("\n", "\r\n")
    if encoding == "json-bom":
        return "deployment.json", codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == "json-utf16":
        return "deployment.json", codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return "deployment.json", text.encode("utf-8")


def encoding_of(name, data):
    """Which of ENCODINGS `write` used for a file."""
    if name.endswith(".yaml"):
        return "yaml"
    if data.startswith(codecs.BOM_UTF16_LE):
        return "json-utf16"
    if data.startswith(codecs.BOM_UTF8):
        return "json-bom"
    if b"\r\n" in data:
        return "json-crlf"
    return "json-compact" if data.count(b"\n") == 1 else "json"


# --- mutations of real manifests ------------------------------------------------------


def seed_files():
    """Real manifests to mutate: the corpus in tests/corpus, and the project's own."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    from conftest import corpus_files

    files = corpus_files()
    own = [TESTS / "fixtures" / "k8s-ready.deployment.json", *sorted((ROOT / "examples").iterdir())]
    return files, own


_TOKEN = re.compile(
    r'"(?:\\.|[^"\\])*"|[{}\[\],:]|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|\s+|[^\s"{}\[\],:]+'
)
INTERESTING = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    '"',
    "\\",
    "null",
    "0",
    "-0",
    "1e999",
    "9" * 5000,
    '"\\ud800"',
    '"\\u0000"',
    "\n<<<<<<< HEAD\n",
    "\n=======\n",
    "\n>>>>>>> branch\n",
    "//c\n",
    "/*",
    "${X}",
    "__VAR__",
    "<v>",
    "\ufeff",
    "\r",
    "\t",
    "&a ",
    "*a",
    "<<: *a",
    "!!python/object/apply:os.system ['x']",
    "- ",
    "? ",
    "|\n",
    "'",
    "#",
    '"createOptions"',
    '"createOptions01"',
    '"createOptions1"',
    '"HostConfig"',
    '"Binds"',
    '"Mounts"',
    '"PortBindings"',
    '"ExposedPorts"',
    '"k8s-experimental"',
    '"Env"',
    '"env"',
    '"modules"',
    '"$edgeAgent"',
    '"/etc/localtime:/etc/localtime"',
    '"35000/tcp"',
    '"host"',
    '"Recreate"',
    "[" * 250,
    '{"a":' * 250,
]


def mutate(data, rng):
    """A few byte or token mutations of `data`, chosen by `rng`."""
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.35:
            data = _byte_mutation(data, rng)
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                data = _byte_mutation(data, rng)
                continue
            data = _token_mutation(text, rng).encode("utf-8", "surrogatepass")
    return data


def _byte_mutation(data, rng):
    if not data:
        return bytes([rng.randrange(256)])
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 8))
    kind = rng.randrange(5)
    if kind == 0:
        return data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]
    if kind == 1:
        return data[:i] + data[j:]
    if kind == 2:
        return data[:i] + bytes(rng.randrange(256) for _ in range(j - i)) + data[i:]
    if kind == 3:
        return data[:i] + data[i:j] * rng.randint(2, 4) + data[j:]
    return data[:i]


def _token_mutation(text, rng):
    tokens = _TOKEN.findall(text)
    if not tokens:
        return rng.choice(INTERESTING)
    i = rng.randrange(len(tokens))
    kind = rng.randrange(6)
    if kind == 0:
        del tokens[i]
    elif kind == 1:
        tokens.insert(i, tokens[i])
    elif kind == 2:
        j = rng.randrange(len(tokens))
        tokens[i], tokens[j] = tokens[j], tokens[i]
    elif kind == 3:
        tokens[i] = rng.choice(INTERESTING)
    elif kind == 4:
        tokens.insert(i, rng.choice(INTERESTING))
    else:
        tokens[i] = _inner_mutation(tokens[i], rng)
    return "".join(tokens)


def _inner_mutation(token, rng):
    """Mutate the JSON document inside a JSON string token (a stringified createOptions)."""
    if not token.startswith('"'):
        return token
    try:
        inner = json.loads(token)
    except ValueError:
        return token
    return json.dumps(_token_mutation(inner, rng), ensure_ascii=rng.random() < 0.5)


# --- the checks -----------------------------------------------------------------------


def check(name, data, preview=True):
    """Every invariant for one input; an AssertionError, any other exception or a warning
    (which the command line would print on stderr) is a bug."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return _check(name, data, preview)


def _check(name, data, preview):
    result = lint_bytes(name, data, RULES)
    text = result.source.text
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text), finding
        assert (finding.line, finding.column) == position(text, finding.start), finding
        assert (finding.end_line, finding.end_column) == position(text, finding.end), finding
        if finding.fix is not None:
            edits = finding.fix.edits
            assert all(0 <= e.start <= e.end <= len(text) for e in edits), finding.fix
            assert all(a.end <= b.start for a, b in itertools.pairwise(edits)), finding.fix
    assert result.errors == [], result.errors  # no rule crashed, no fix failed to compile
    _reports(result)
    if result.document is not None and result.is_manifest:
        _fixes(name, data)
    if preview:
        _preview(name, data)
    return result


def position(text, offset):
    """1-based (line, column) of an offset, computed apart from edgelint (an offset between
    the CR and LF of a line break is still on the line that the break ends)."""
    starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    line = max(index for index, start in enumerate(starts) if start <= offset)
    return line + 1, offset - starts[line] + 1


def _reports(result):
    run = LintRun(RULES, [result])
    for fmt in ("full", "concise", "json", "sarif", "github"):
        rendered = render_report(fmt, run)
        rendered.encode("utf-8", "backslashreplace")  # what the command line writes
        if fmt in ("json", "sarif"):
            json.loads(rendered)


def _fixes(name, data):
    source = SourceText.decode(data)
    fmt = detect_format(name, source.text)

    def lint(text):
        return lint_source(name, text, RULES, fmt)

    outcome = fix_loop(source, lint, True)
    assert outcome.problems == [], outcome.problems
    fixed = outcome.source
    fixed.encode()  # the bytes --fix would write
    after = lint(fixed)
    assert after.document is not None and after.is_manifest and after.errors == [], after.errors
    again = fix_loop(fixed, lint, True)
    assert again.problems == [] and again.fixed == 0 and again.source.text == fixed.text, again.problems


def _preview(name, data):
    from edgelint.k8s.preview import PreviewError, preview
    from edgelint.k8s.settings import AgentSettings

    try:
        preview(name, data, AgentSettings())
    except PreviewError:
        pass
