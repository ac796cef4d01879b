"""The rules for the files a resident attaches to one `file` field.

A file field keeps a list of accepted files, in the order they were added;
a single-file field keeps at most one (a new one replaces it). New uploads
are checked one by one (type, size, content: `forms.validators`), then
against the field's limits (`max_files`, `max_total_mb`); each refusal is a
plain Chinese message naming the file. What passes is kept even when another
upload of the same field, or another field of the step, fails.

A kept file is a record (a dict, stored in the draft's JSON):
{"id": str, "tmp_name": path in private storage, "name": str, "size": int,
"content_type": str}. This module decides; storing happens in
`forms.storage` and the wizard."""

from django.core.exceptions import ValidationError

from .definition import DEFAULT_MAX_FILES, DEFAULT_MAX_MB
from .validators import validate_upload

MB = 1024 * 1024


def is_multiple(spec):
    return bool(spec.get("multiple"))


def max_files(spec):
    return (spec.get("max_files") or DEFAULT_MAX_FILES) if is_multiple(spec) else 1


def max_total_bytes(spec):
    """The total the field's files may reach (None: no limit beyond each file's)."""
    total = spec.get("max_total_mb") if is_multiple(spec) else None
    return total * MB if total else None


def human_size(size):
    """12 → "12 字节", 2048 → "2 KB", 1.5 MB → "1.5 MB"."""
    if size < 1024:
        return f"{size} 字节"
    if size < MB:
        return f"{round(size / 1024)} KB"
    return f"{size / MB:.1f}".rstrip("0").rstrip(".") + " MB"


def accept_uploads(spec, kept, uploads):
    """Decide which of `uploads` (file objects with name and size) join the
    `kept` records. Returns (accepted uploads, replaced records, messages):
    a single-file field replaces its kept file with the last good upload;
    a multiple one adds good uploads while the count and total allow."""
    accept, max_mb = spec.get("accept") or [], spec.get("max_mb") or DEFAULT_MAX_MB
    good, messages = [], []
    for upload in uploads:
        try:
            validate_upload(upload, accept, max_mb)
        except ValidationError as exc:
            messages.append(f"“{upload.name}”未能上传：{exc.messages[0]}")
        else:
            good.append(upload)
    if not is_multiple(spec):
        if len(good) > 1:  # a forged POST: one field, one file
            messages += [f"“{u.name}”未能上传：本项只能上传 1 个文件" for u in good[1:]]
            good = good[:1]
        return good, (list(kept) if good else []), messages
    limit, total_limit = max_files(spec), max_total_bytes(spec)
    count, total = len(kept), sum(record["size"] for record in kept)
    accepted = []
    for upload in good:
        if count + 1 > limit:
            messages.append(f"“{upload.name}”未能上传：本项最多上传 {limit} 个文件")
            continue
        if total_limit is not None and total + upload.size > total_limit:
            messages.append(
                f"“{upload.name}”未能上传：本项文件合计不能超过 {spec['max_total_mb']} MB"
                f"（已上传 {human_size(total)}）"
            )
            continue
        accepted.append(upload)
        count, total = count + 1, total + upload.size
    return accepted, [], messages


def check_kept(spec, kept):
    """The limits, checked again on the kept list (a definition made
    stricter while a draft waited): a message, or "" when the list is fine."""
    limit, total_limit = max_files(spec), max_total_bytes(spec)
    if len(kept) > limit:
        return f"本项最多上传 {limit} 个文件，请删除 {len(kept) - limit} 个"
    if total_limit is not None and sum(record["size"] for record in kept) > total_limit:
        return f"本项文件合计不能超过 {spec['max_total_mb']} MB，请删除一些文件"
    return ""
