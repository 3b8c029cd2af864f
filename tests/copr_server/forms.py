"""Input parsing and validation that mimics the Copr frontend's WTForms layer.

The real frontend turns a JSON body into WTForms form data (lists joined by
spaces, nulls dropped) and validates it field by field.  Error messages are
reported as ``field: message`` lines in form-field order, so the order of the
checks below matters and follows the real forms.
"""

import re
from urllib.parse import urlparse

from .errors import ApiError

FALSE_VALUES = (False, "false", "")

PROJECT_BOOTSTRAP = ["default", "off", "on", "image"]
PROJECT_ISOLATION = ["default", "nspawn", "simple"]
CHROOT_BOOTSTRAP = ["unchanged"] + PROJECT_BOOTSTRAP + ["custom_image"]
CHROOT_ISOLATION = ["unchanged"] + PROJECT_ISOLATION
STORAGES = ["backend", "pulp"]

REPO_URL_MSG = ("A list of http[s] URLs separated by whitespace characters"
                " is needed ('{0}' doesn't seem to be a valid URL).")
BOOTSTRAP_IMAGE_RE = re.compile(r"^[-./\w]+(:[\w.-]+)?$")
NAME_RE = re.compile(r"^[\w.-]+$")
URL_RE = re.compile(r"^[a-z]+://(?P<host>[^/?:]+)(?P<port>:[0-9]+)?(?P<path>/.*?)?(?P<query>\?.*)?$")
HOST_PART_RE = re.compile(r"^(xn-|[a-z0-9_]+)(-[a-z0-9_-]+)*$", re.IGNORECASE)
TLD_RE = re.compile(r"^([a-z]{2,20}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)
IPV4_RE = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def form_data(raw, preserve=()):
    """Turn a JSON body into the flat dict the real forms see.

    ``None`` values count as "not sent"; lists are joined with a space except
    the ``preserve`` keys, whose empty lists are dropped (a werkzeug MultiDict
    keeps no value for them) - this is why ``chroots: []`` is a no-op.
    """
    out = {}
    if not isinstance(raw, dict):
        return out
    for key, value in raw.items():
        if value is None:
            continue
        if isinstance(value, list):
            if key in preserve:
                if not value:
                    continue
                out[key] = [str(v) for v in value]
                continue
            value = " ".join(str(v) for v in value)
        out[key] = value
    return out


def rename(data, mapping):
    """Rename API aliases to the model names (later alias wins, as in Copr)."""
    out = dict(data)
    for old, new in mapping.items():
        if old in out:
            out[new] = out.pop(old)
    return out


def to_bool(value):
    """WTForms BooleanField with Copr's FALSE_VALUES: everything else is true."""
    if isinstance(value, (list, dict)):
        return bool(value)
    return value not in FALSE_VALUES


def to_str(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def string_list(value):
    """StringListFilter: collapse any whitespace run into one newline."""
    if not value:
        return ""
    return re.sub(r"\s+", "\n", to_str(value).strip())


def strip_url_schema(value):
    if not value:
        return ""
    result = []
    for item in value.split():
        parsed = urlparse(item)
        result.append(parsed.netloc + parsed.path)
    return "\n".join(result)


def is_valid_url(value):
    """Approximation of wtforms.validators.URL() (host needs a TLD or be an IP)."""
    match = URL_RE.match(value)
    if not match:
        return False
    host = match.group("host")
    ip_match = IPV4_RE.match(host)
    if ip_match:
        return all(int(part) <= 255 for part in ip_match.groups())
    parts = host.split(".")
    if len(parts) < 2 or not TLD_RE.match(parts[-1]):
        return False
    return all(part and HOST_PART_RE.match(part) for part in parts[:-1])


class Errors:
    """Ordered ``field -> [messages]`` like ``form.errors``."""

    def __init__(self):
        self.items = []

    def add(self, field, message):
        self.items.append((field, message))

    def raise_if_any(self):
        if self.items:
            raise ApiError(400, "\n".join("{0}: {1}".format(f, m) for f, m in self.items))


def check_repo_list(errors, field, value, project_exists):
    """UrlRepoListValidator: http, https or copr://owner/project that exists."""
    for url in value.split():
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https", "copr") or not parsed.netloc:
            errors.add(field, REPO_URL_MSG.format(url))
            return
        if parsed.scheme == "copr":
            path = parsed.path.split("/")
            if len(path) < 2 or path[1] == "":
                errors.add(field, REPO_URL_MSG.format(url))
                return
            if not project_exists(parsed.netloc, path[1]):
                errors.add(field, "{0} does not exist.".format(url))
                return


def check_int(errors, field, data, minimum=None, maximum=None):
    """IntegerField + Optional + NumberRange; returns the int or None."""
    if field not in data:
        return None
    raw = data[field]
    if isinstance(raw, str) and raw.strip() == "":
        return None
    if isinstance(raw, bool):
        raw = int(raw)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        errors.add(field, "Not a valid integer value.")
        return None
    if minimum is not None and maximum is not None and not minimum <= value <= maximum:
        errors.add(field, "Number must be between {0} and {1}.".format(minimum, maximum))
    elif minimum is not None and value < minimum:
        errors.add(field, "Number must be at least {0}.".format(minimum))
    return value


def check_choice(errors, field, data, choices):
    if field not in data:
        return None
    value = to_str(data[field]).strip()
    if value in ("", "None"):
        return None
    if value not in choices:
        errors.add(field, "Not a valid choice.")
        return None
    return value


def check_chroots(errors, data, active_names):
    """ChrootsField.pre_validate: only active chroot names are valid."""
    if "chroots" not in data:
        return []
    values = data["chroots"]
    if isinstance(values, str):
        values = [values]
    bad = [v for v in values if v not in active_names]
    if len(bad) == 1:
        errors.add("chroots", "'{0}' is not a valid choice for this field.".format(bad[0]))
    elif bad:
        errors.add("chroots", "'{0}' are not valid choices for this field.".format("', '".join(bad)))
    return list(values)


def _homepage_contact(errors, data, out):
    for field in ("homepage", "contact"):
        if field not in data:
            continue
        value = to_str(data[field]).strip() or None
        out[field] = value
        if value is None:
            continue
        if field == "homepage" and not is_valid_url(value):
            errors.add("homepage", "Invalid URL.")
        if field == "contact" and not (EMAIL_RE.match(value) or is_valid_url(value)):
            errors.add("contact", "Contact must be email address or URL")


def _project_common(errors, data, out, project_exists):
    """Fields shared by add and edit, in CoprForm order after homepage/contact."""
    for field in ("repos", "runtime_dependencies"):
        if field in data:
            value = string_list(data[field])
            check_repo_list(errors, field, value, project_exists)
            out[field] = value
    for field in ("disable_createrepo", "unlisted_on_hp", "auto_prune"):
        if field in data:
            out[field] = to_bool(data[field])
    if "use_bootstrap_container" in data:
        raw = data["use_bootstrap_container"]
        out["use_bootstrap_container"] = True if raw in (True, "true") else False if raw in (False, "false") else None
    for field, choices in (("bootstrap", PROJECT_BOOTSTRAP), ("isolation", PROJECT_ISOLATION)):
        value = check_choice(errors, field, data, choices)
        if value is not None:
            out[field] = value
    for field in ("follow_fedora_branching", "multilib", "build_enable_net", "enable_net",
                  "module_hotfixes", "fedora_review", "appstream"):
        if field in data:
            out[field] = to_bool(data[field])
    if "packit_forge_projects_allowed" in data:
        out["packit_forge_projects_allowed"] = strip_url_schema(string_list(data["packit_forge_projects_allowed"]))
    value = check_int(errors, "repo_priority", data, minimum=1)
    if value is not None:
        out["repo_priority"] = value
    value = check_choice(errors, "storage", data, STORAGES)
    if value is not None:
        out["storage"] = value


def _text_fields(data, out):
    for field in ("description", "instructions"):
        if field in data:
            out[field] = to_str(data[field])


def validate_project_add(data, active_names, name_taken, project_exists):
    """Validate an add request; returns the cleaned values (all fields present)."""
    errors = Errors()
    out = {}
    _text_fields(data, out)
    _homepage_contact(errors, data, out)
    _project_common(errors, data, out, project_exists)
    name = to_str(data.get("name", "")).strip()
    if not name:
        errors.add("name", "This field is required.")
    else:
        if not NAME_RE.match(name):
            errors.add("name", "Name must contain only letters, digits, underscores, dashes and dots.")
        if name_taken(name):
            errors.add("name", name_taken(name))
        if name.isdigit():
            errors.add("name", "Project's name can not be just number.")
    out["name"] = name
    out["persistent"] = to_bool(data["persistent"]) if "persistent" in data else False
    delete_after_days = check_int(errors, "delete_after_days", data, minimum=-1, maximum=720)
    out["delete_after_days"] = -1 if delete_after_days is None else delete_after_days
    chroots = check_chroots(errors, data, active_names)
    if "chroots" not in data:
        # What the real server answers when no chroot was sent.
        errors.add("chroots", "'[]' is not a valid choice for this field.")
    out["chroots"] = chroots
    errors.raise_if_any()
    if out["persistent"] and out["delete_after_days"] not in (-1, 0):
        errors.add("delete_after_days", "'delete after' can not be combined with persistent")
    errors.raise_if_any()
    return out


def validate_project_edit(data, active_names, project_exists):
    """Validate an edit request; returns only the keys that will change."""
    errors = Errors()
    out = {}
    chroots = check_chroots(errors, data, active_names)
    _text_fields(data, out)
    _homepage_contact(errors, data, out)
    value = check_int(errors, "delete_after_days", data, minimum=-1, maximum=720)
    if "delete_after_days" in data:
        out["delete_after_days"] = -1 if value is None else value
    _project_common(errors, data, out, project_exists)
    errors.raise_if_any()
    # None means "not sent" (homepage/contact "" end up here too).
    out = {k: v for k, v in out.items() if v is not None}
    out.pop("use_bootstrap_container", None)
    return out, chroots


def _module_toggle(errors, value):
    """ModuleEnableNameValidator, with the real (un-stripped) names in messages."""
    seen = set()
    for module in value.split(","):
        if module == "":
            return
        try:
            name, stream = module.strip().split(":")
        except ValueError:
            errors.add("module_toggle", "Module name '{0}' must consist of two parts separated "
                       "with colon, e.g. module:stream".format(module))
            return
        pattern = re.compile(r"^([a-zA-Z0-9-_!][^\ ]*)$")
        if pattern.match(name) is None:
            errors.add("module_toggle", "Module name '{0}' must contain only letters, digits, "
                       "dashes, underscores.".format(name))
        if name in seen:
            errors.add("module_toggle", "Module name '{0}' specified multiple times".format(name))
        seen.add(name)
        if pattern.match(stream) is None:
            errors.add("module_toggle", "Stream part of module name '{0}' must contain only "
                       "letters, digits, dashes, underscores.".format(stream))


def validate_chroot_edit(data, project_exists):
    """Validate a project-chroot edit (ModifyChrootForm field order)."""
    errors = Errors()
    out = {}
    if "module_toggle" in data:
        raw = data["module_toggle"]
        joined = ", ".join(raw) if isinstance(raw, list) else to_str(raw)
        modules = [m.strip() for m in joined.split(",")]
        out["module_toggle"] = ", ".join(m for m in modules if m)
        _module_toggle(errors, joined)
    for field in ("with_opts", "without_opts"):
        if field in data:
            out[field] = to_str(data[field]).strip()
    bootstrap = check_choice(errors, "bootstrap", data, CHROOT_BOOTSTRAP)
    image = None
    if "bootstrap_image" in data:
        image = to_str(data["bootstrap_image"]).strip() or None
        if image is not None and not BOOTSTRAP_IMAGE_RE.match(image):
            errors.add("bootstrap_image", "Enter valid bootstrap image id (<name>[:<tag>], e.g. fedora:33 or "
                       "registry.fedoraproject.org/fedora:rawhide).")
    if bootstrap == "custom_image" and not image:
        errors.add("bootstrap_image", "Custom image is selected, but not specified")
    out["bootstrap"] = bootstrap
    out["bootstrap_image"] = image
    out["isolation"] = check_choice(errors, "isolation", data, CHROOT_ISOLATION)
    if "buildroot_pkgs" in data:
        out["buildroot_pkgs"] = to_str(data["buildroot_pkgs"]).strip()
    if "repos" in data:
        value = string_list(data["repos"])
        check_repo_list(errors, "repos", value, project_exists)
        out["repos"] = value.replace("\n", " ")
    out["delete_comps"] = to_bool(data["delete_comps"]) if "delete_comps" in data else False
    out["reset_fields"] = to_str(data["reset_fields"]).split() if "reset_fields" in data else []
    errors.raise_if_any()
    return out


def check_unexpected_chroots(raw, active_names):
    """validate_chroots(): runs on the raw input after the form passed.

    A string (form-encoded body) is iterated character by character, which
    is why form-encoded project creation is broken on the real server.
    """
    inserted = set((raw or {}).get("chroots") or []) if isinstance(raw, dict) else set()
    unexpected = inserted - set(active_names)
    if unexpected:
        raise ApiError(400, "Unexpected chroot: {0}".format(", ".join(sorted(unexpected))))


def pagination_args(args, columns, table):
    """Copr's PaginationForm: (limit, offset, order, order_type); bad values are 500s as on the real server."""
    errors = {}
    values = {}
    for field in ("limit", "offset"):
        raw = args.get(field)
        if raw not in (None, ""):
            try:
                values[field] = int(raw)
            except ValueError:
                errors[field] = ["Not a valid integer value."]
    order_type = args.get("order_type") or "ASC"
    if order_type not in ("ASC", "DESC"):
        errors["order_type"] = ["Not a valid choice."]
    if errors:
        raise ApiError(500, str(errors))
    order = args.get("order") or "id"
    if order not in columns:
        raise ApiError(500, "Cannot order by {0}, {1} doesn't have such property".format(order, table))
    return values.get("limit") or None, values.get("offset") or 0, order, order_type
