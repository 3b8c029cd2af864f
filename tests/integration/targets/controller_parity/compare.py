"""Compare the registered results of the module and the controller runs (runme.sh).

Timestamps differ between the runs and are dropped; everything else (changed,
failed, msg, resources, operation, diff, warnings, attempts) must be equal.
"""

import json
import sys

VOLATILE = {"submitted_on", "started_on", "ended_on"}


def normalise(value):
    if isinstance(value, dict):
        return dict((key, normalise(item)) for key, item in value.items() if key not in VOLATILE)
    if isinstance(value, list):
        return [normalise(item) for item in value]
    return value


def differences(left, right, path=""):
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            if key not in left or key not in right:
                yield "%s.%s: only on the %s path" % (path, key, "module" if key in left else "controller")
            else:
                yield from differences(left[key], right[key], "%s.%s" % (path, key))
    elif isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (one, two) in enumerate(zip(left, right)):
            yield from differences(one, two, "%s[%d]" % (path, index))
    elif left != right:
        yield "%s: module %r, controller %r" % (path, left, right)


def main(module_file, controller_file):
    with open(module_file) as handle:
        module = normalise(json.load(handle))
    with open(controller_file) as handle:
        controller = normalise(json.load(handle))
    problems = list(differences(module, controller))
    for problem in problems:
        print("DIFF " + problem)
    if problems:
        sys.exit("FAIL: %d difference(s) between the module and the controller path" % len(problems))
    # The comparison must have compared something real.
    assert module["r_create"]["changed"] and module["r_create"]["operation"] == "create"
    assert module["r_noop"]["changed"] is False
    assert module["r_check"]["changed"] and module["r_check"]["diff"]["after"]["description"] == "second"
    assert [item["changed"] for item in module["r_loop"]["results"]] == [True, True, True]
    assert module["r_bad_arg"]["failed"] and "repo_priority" in module["r_bad_arg"]["msg"]
    assert module["r_refused"]["failed"] and module["r_refused"]["status"] == 403
    assert module["r_until"]["failed"] and module["r_until"]["attempts"] >= 2
    assert module["r_build"]["build"]["state"] == "succeeded" and module["r_build_again"]["changed"] is False
    assert module["r_delete"]["operation"] == "delete"
    assert module["r_env"]["project"]["full_name"].endswith("/parity-env")
    assert module["r_env_missing_config"]["failed"]
    assert module["r_delegated"]["projects"][0]["name"] == "parity-two"
    print("ok: %d results identical on both paths" % len(module))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
