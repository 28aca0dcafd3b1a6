"""Talk to the Label Studio server: push a batch, submit annotators' work, pull, list who did what.

One batch is one Label Studio project (title ``SaySo <batch>``); a document is one task
whose data holds ``text`` (from the source pack), ``doc_id``, ``text_sha256``, ``batch``
and ``config_version``. Pre-annotations go in as *predictions* with a ``model_version``,
never as annotations. An annotator is a Label Studio user; an admin can record an
annotation ``completed_by`` that user, which is how work done outside the browser (drafts
resolved to standoff) enters Label Studio next to work done in it.

Everything is idempotent: pushing again adds only missing tasks and replaces the
predictions of the same model version; submitting again replaces that annotator's
annotation of the task.

The client is ``label-studio-sdk`` 2.x (``from label_studio_sdk import LabelStudio``). The
API token comes from ``$SAYSO_STUDIO_TOKEN`` and is scrubbed from every error message.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from sayso.annotation import labelconfig as lc
from sayso.annotation.batch import Batch, check_name, now
from sayso.annotation.convert import results_to_standoff, standoff_to_results
from sayso.annotation.server import StudioError, credentials_from_env, server_url
from sayso.corpus.model import Document, Standoff, text_sha256
from sayso.corpus.sources import SourcePack
from sayso.corpus.standoff_io import dumps_standoff, collect_standoff, write_text_atomic
from sayso.corpus.validate import validate_record
from sayso.errors import InputError, Problem

PROJECT_TITLE = "SaySo {batch}"
ANNOTATOR_EMAIL = "{name}@annotators.sayso.local"
SPLITTER_VERSION = "splitter"


def project_title(batch: str) -> str:
    return PROJECT_TITLE.format(batch=batch)


def instructions_html(config: lc.LabelingConfig) -> str:
    """The project's instructions panel: where the rules are and how the config reads."""
    guide = lc.guidelines_version()
    return (
        f"<p><b>SaySo labeling config {config.version}</b>"
        f"{f' · guidelines {guide}' if guide else ''}.</p>"
        "<p>The rules are in <code>annotation/guidelines.md</code> of the SaySo repository; "
        "this interface is described in <code>annotation/STUDIO.md</code>.</p>"
        "<ul><li>Correct the proposed SENTENCE regions.</li>"
        "<li>Mark entities (OntoNotes types), claims (choose a kind).</li>"
        "<li>Attributions: SOURCE, CUE, CONTENT regions; relations source→cue and cue→content; "
        "type and source kind on the cue; <i>parent</i> from a nested attribution to its parent; "
        "<i>source_entity</i> from a source to its entity; <i>claim</i> from a claim to its content.</li></ul>")


@dataclass
class TaskInfo:
    id: int
    doc_id: str
    text_sha256: str
    data: dict[str, Any]


@dataclass
class PushReport:
    project_id: int
    created_project: bool
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    predictions: int = 0
    model_version: str | None = None
    applied: dict[str, str] = field(default_factory=dict)  # doc id -> model version pushed now


class Studio:
    """A connection to the server as its admin. The token never appears in ``repr`` or errors."""

    def __init__(self, url: str | None = None, *, token: str | None = None, timeout: float = 120.0):
        from label_studio_sdk import LabelStudio  # lazy: only studio commands need the SDK

        self.url = (url or server_url()).rstrip("/")
        self._token = token or credentials_from_env().token or ""
        self._client = LabelStudio(base_url=self.url, api_key=self._token, timeout=timeout)

    def __repr__(self) -> str:
        return f"Studio(url={self.url!r})"

    # -- error handling -------------------------------------------------------------

    def _call(self, what: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # the SDK raises ApiError, httpx errors, pydantic errors
            message = f"{type(exc).__name__}: {exc}"
            if self._token:
                message = message.replace(self._token, "***")
            if len(message) > 800:
                message = message[:800] + " …"
            raise StudioError(f"Label Studio at {self.url}: {what} failed ({message}). "
                              "Is the server running (`sayso studio status`) and the token right?") from None

    # -- projects and tasks -----------------------------------------------------------

    def find_project(self, batch: str) -> int | None:
        title = project_title(batch)
        projects = self._call("listing projects", lambda: list(self._client.projects.list(page_size=100)))
        found = [p.id for p in projects if p.title == title]
        return min(found) if found else None

    def project_id(self, batch: str) -> int:
        pid = self.find_project(batch)
        if pid is None:
            raise StudioError(f"no project for batch {batch!r} at {self.url}; run `sayso studio push --batch {batch}` first")
        return pid

    def ensure_project(self, batch: str, config: lc.LabelingConfig) -> tuple[int, bool]:
        """The batch's project, created or brought to ``config``; returns ``(id, created)``."""
        pid = self.find_project(batch)
        settings = dict(label_config=config.xml, expert_instruction=instructions_html(config),
                        show_instruction=True, description=f"sayso batch {batch}; labeling config {config.version}")
        if pid is None:
            project = self._call("creating the project", self._client.projects.create,
                                 title=project_title(batch), show_collab_predictions=True, **settings)
            return project.id, True
        current = self._call("reading the project", self._client.projects.get, pid)
        if current.label_config != config.xml:
            self._call("updating the labeling config", self._client.projects.update, pid, **settings)
        return pid, False

    def tasks(self, project_id: int) -> dict[str, TaskInfo]:
        """The project's tasks by document id."""
        tasks = self._call("listing tasks", lambda: list(self._client.tasks.list(project=project_id, page_size=100)))
        out: dict[str, TaskInfo] = {}
        for task in tasks:
            data = dict(task.data or {})
            doc_id = data.get("doc_id")
            if isinstance(doc_id, str):
                out[doc_id] = TaskInfo(task.id, doc_id, str(data.get("text_sha256", "")), data)
        return out

    def push(self, batch: str, documents: Iterable[Document], config: lc.LabelingConfig, *,
             predictions: Mapping[str, tuple[Standoff, str]] | None = None, progress: bool = False) -> PushReport:
        """Create or update the project and its tasks; add predictions as pre-annotations.

        ``predictions`` maps a document id to ``(record, model_version)``. A task's earlier
        predictions of the same model version are replaced; sentence-only proposals of the
        splitter give way to a system's predictions (which carry sentences too).
        A document already in the project is left alone if its text hash is unchanged (and
        refused if not: its annotations would point into another text).
        """
        pid, created = self.ensure_project(batch, config)
        report = PushReport(pid, created)
        documents = list(documents)
        tasks = self.tasks(pid)
        problems = []
        for doc in documents:
            task = tasks.get(doc.id)
            if task is not None and task.text_sha256 != doc.text_sha256:
                problems.append(Problem(f"project {pid} task {task.id}", None, doc.id,
                                        f"the task's text_sha256 {task.text_sha256[:12]}… differs from the pack's "
                                        f"{doc.text_sha256[:12]}…",
                                        "push the changed document to a new batch; its annotations no longer fit"))
        if problems:
            raise InputError(problems)
        new = [doc for doc in documents if doc.id not in tasks]
        if new:
            payload = [{"text": d.text, "doc_id": d.id, "text_sha256": d.text_sha256, "batch": batch,
                        "config_version": config.version} for d in new]
            self._call("importing tasks", self._client.projects.import_tasks, pid, request=payload,
                       return_task_ids=True)
            tasks = self.tasks(pid)
        report.added = [d.id for d in new]
        report.existing = [d.id for d in documents if d.id not in report.added]
        for doc in documents:
            task = tasks[doc.id]
            if task.data.get("config_version") != config.version:
                self._call("updating task data", self._client.tasks.update, str(task.id),
                           data={**task.data, "config_version": config.version})
        versions: set[str] = set()
        for doc in progress_bar(documents, progress and bool(predictions), "pre-annotations", "task"):
            if not predictions or doc.id not in predictions:
                continue
            record, version = predictions[doc.id]
            task = tasks[doc.id]
            old = self._call("listing predictions", self._client.predictions.list, task=task.id)
            if version == SPLITTER_VERSION and any(p.model_version != SPLITTER_VERSION for p in old):
                continue  # a system's pre-annotation (with sentences) is already there
            for prediction in old:
                if prediction.model_version in (version, SPLITTER_VERSION):
                    self._call("replacing a prediction", self._client.predictions.delete, prediction.id)
            self._call("adding a prediction", self._client.predictions.create, task=task.id,
                       result=standoff_to_results(record, doc.text), model_version=version)
            report.predictions += 1
            report.applied[doc.id] = version
            versions.add(version)
        if versions:
            shown = sorted(versions - {SPLITTER_VERSION}) or [SPLITTER_VERSION]
            report.model_version = shown[0]
            self._call("setting the model version", self._client.projects.update, pid, model_version=shown[0],
                       show_collab_predictions=True)
        return report

    # -- annotators --------------------------------------------------------------------

    def users(self) -> dict[int, str]:
        """User id -> annotator name (username, else the e-mail's local part)."""
        users = self._call("listing users", self._client.users.list)
        return {u.id: (u.username or (u.email or f"user-{u.id}").split("@")[0]) for u in users}

    def user_id(self, name: str, *, create: bool = True) -> int:
        """The id of annotator ``name``, created (without a password) if missing."""
        check_name(name, "annotator")
        for uid, uname in self.users().items():
            if uname == name:
                return uid
        if not create:
            raise StudioError(f"no user {name!r} at {self.url}")
        user = self._call(f"creating user {name}", self._client.users.create, username=name,
                          email=ANNOTATOR_EMAIL.format(name=name), first_name=name)
        return user.id

    def submit(self, batch: str, annotator: str, records: Iterable[Standoff], pack: SourcePack) -> dict[str, Any]:
        """Record standoff annotations as ``annotator``'s annotations of the batch's tasks.

        Every record is checked first (document in the batch, same text hash, valid against
        the text); nothing is posted unless all are good. An earlier annotation by the same
        annotator on a task is replaced, never duplicated.
        """
        pid = self.project_id(batch)
        tasks = self.tasks(pid)
        records = list(records)
        problems: list[Problem] = []
        for record in records:
            where = f"submit {annotator}"
            task = tasks.get(record.id)
            if task is None:
                problems.append(Problem(where, None, record.id, f"document not in batch {batch}",
                                        f"push it first: sayso studio push --batch {batch}"))
                continue
            if record.text_sha256 != task.text_sha256:
                problems.append(Problem(where, None, record.id, "text_sha256 differs from the task's",
                                        "annotate the text that was pushed"))
                continue
            problems.extend(validate_record(record, task.data.get("text", ""), where))
        if problems:
            raise InputError(problems)
        uid = self.user_id(annotator)
        created = updated = 0
        for record in records:
            task = tasks[record.id]
            result = standoff_to_results(record, task.data["text"])
            mine = [a for a in self._call("listing annotations", self._client.annotations.list, task.id)
                    if _user_of(a.completed_by) == uid]
            if mine:
                self._call("updating an annotation", self._client.annotations.update, mine[0].id, result=result,
                           completed_by=uid, was_cancelled=False)
                updated += 1
            else:
                self._call("creating an annotation", self._client.annotations.create, task.id, result=result,
                           completed_by=uid, was_cancelled=False, lead_time=0.0)
                created += 1
        return {"project": pid, "annotator": annotator, "user_id": uid, "created": created, "updated": updated}

    # -- export ------------------------------------------------------------------------

    def export(self, batch: str) -> list[dict[str, Any]]:
        """The full JSON export (all tasks, every annotation with its relations)."""
        pid = self.project_id(batch)

        def download() -> bytes:
            return b"".join(self._client.projects.exports.download_sync(
                pid, export_type="JSON", download_all_tasks=True))
        raw = self._call("exporting the project", download)
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise StudioError(f"the export of project {pid} is not JSON ({exc})") from None
        if not isinstance(data, list):
            raise StudioError(f"the export of project {pid} is not a list of tasks")
        return data

    def who(self, batch: str) -> dict[str, list[str]]:
        """Document id -> names of the annotators who submitted an annotation of it."""
        users = self.users()
        out: dict[str, list[str]] = {}
        for task in self.export(batch):
            doc_id = (task.get("data") or {}).get("doc_id", f"task-{task.get('id')}")
            names = sorted({users.get(_user_of(a.get("completed_by")), f"user-{_user_of(a.get('completed_by'))}")
                            for a in task.get("annotations") or [] if not a.get("was_cancelled")})
            out[doc_id] = names
        return dict(sorted(out.items()))


def _user_of(completed_by: Any) -> int | None:
    if isinstance(completed_by, dict):
        return completed_by.get("id")
    if hasattr(completed_by, "id"):
        return completed_by.id
    return completed_by


# --- pull ---------------------------------------------------------------------------------

def progress_bar(items: Iterable[Any], show: bool, what: str, unit: str) -> Iterable[Any]:
    """``items``, with a progress bar on stderr when ``show`` (the command line asks for it)."""
    if not show:
        return items
    import sys

    from tqdm import tqdm

    return tqdm(items, desc=what, unit=unit, file=sys.stderr)


@dataclass
class PullResult:
    records: dict[str, dict[str, Standoff]]          # annotator -> doc id -> record
    preannotated: dict[str, bool]                    # doc id -> has predictions
    config_versions: dict[str, str]                  # doc id -> config version of the task
    notes: list[str] = field(default_factory=list)


def convert_export(batch: str, export: Iterable[dict[str, Any]], users: Mapping[int, str], pack: SourcePack,
                   config: lc.LabelingConfig | None = None) -> tuple[PullResult, list[Problem]]:
    """Convert a full JSON export into standoff records per annotator, with every problem.

    Checks, per task: the document is in the pack, the task's text is the pack's text and
    hashes to the task's ``text_sha256``; per annotation: everything
    :func:`~sayso.annotation.convert.results_to_standoff` checks, then
    :func:`~sayso.corpus.validate.validate_record`. Problems name batch, task, annotation
    and region. Cancelled (skipped) annotations are left out.
    """
    config = config or lc.load_config()
    problems: list[Problem] = []
    result = PullResult({}, {}, {})
    chosen: dict[tuple[str, str], tuple[str, int]] = {}
    for task in export:
        data = task.get("data") or {}
        tid = task.get("id")
        doc_id = data.get("doc_id")
        where = f"batch {batch}, task {tid}"
        if not isinstance(doc_id, str):
            problems.append(Problem(where, None, None, "task has no data.doc_id", "push tasks with `sayso studio push`"))
            continue
        text = data.get("text")
        if not isinstance(text, str):
            problems.append(Problem(where, None, doc_id, "task has no text", "push tasks with `sayso studio push`"))
            continue
        if text_sha256(text) != data.get("text_sha256"):
            problems.append(Problem(where, None, doc_id,
                                    "task text no longer hashes to its text_sha256 (edited in Label Studio?)",
                                    "restore the task's text from the source pack; offsets depend on it"))
            continue
        try:
            pack.verified(doc_id, text_sha256(text), file=where)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        result.preannotated[doc_id] = bool(task.get("predictions"))
        result.config_versions[doc_id] = str(data.get("config_version", ""))
        for annotation in task.get("annotations") or []:
            if annotation.get("was_cancelled"):
                continue
            uid = _user_of(annotation.get("completed_by"))
            name = users.get(uid, f"user-{uid}") if uid is not None else "unknown"
            aid = annotation.get("id")
            where_a = f"{where}, annotation {aid} by {name}"
            try:
                check_name(name, "annotator")
            except InputError:
                problems.append(Problem(where_a, None, doc_id, f"annotator name {name!r} cannot name a file",
                                        "give the Label Studio user a plain username"))
                continue
            record, found = results_to_standoff(annotation.get("result") or [], text, doc_id, config=config,
                                                where=where_a)
            if not found:
                found = validate_record(record, text, where_a)
            problems.extend(found)
            stamp = str(annotation.get("updated_at") or annotation.get("created_at") or "")
            key = (name, doc_id)
            if key in chosen:
                result.notes.append(f"{doc_id}: {name} has several annotations; kept the latest "
                                    f"(updated {max(stamp, chosen[key][0])})")
                if stamp < chosen[key][0]:
                    continue
            chosen[key] = (stamp, aid)
            result.records.setdefault(name, {})[doc_id] = record
    return result, problems


def pull(batch: Batch, studio: Studio, pack: SourcePack, config: lc.LabelingConfig | None = None,
         say: Callable[[str], None] = print, *, overwrite: bool = False, progress: bool = False) -> PullResult:
    """Export, convert, validate and write ``annotation/batches/NAME/ANNOTATOR.jsonl``.

    All or nothing: on any problem nothing is written and :class:`InputError` lists them
    all. Records of documents that a file holds but the server no longer has are kept.
    A record the file holds that the server's differs from is replaced only with
    ``overwrite``; otherwise :class:`~sayso.annotation.changes.OverwriteRefused` lists
    them (document, layers, counts) and nothing is written.
    """
    from sayso.annotation.changes import record_changes, refuse_unless

    config = config or lc.load_config()
    users = studio.users()
    export = studio.export(batch.name)
    result, problems = convert_export(batch.name, progress_bar(export, progress, f"converting {batch.name}", "task"),
                                      users, pack, config)
    if problems:
        raise InputError(problems)
    texts: dict[str, str] = {}
    changes = []
    for annotator, records in sorted(result.records.items()):
        path = batch.annotator_path(annotator)
        kept: dict[str, Standoff] = {}
        if path.exists():
            old, bad = collect_standoff(path, allow_empty=True)
            if bad:
                raise InputError(bad)
            changes += record_changes(str(path), {line.record.id: line.record for line in old}, records,
                                      removals=False)
            kept = {line.record.id: line.record for line in old if line.record.id not in records}
            if kept:
                result.notes.append(f"{annotator}: kept {len(kept)} record(s) of documents not on the server: "
                                    f"{', '.join(sorted(kept))}")
        texts[annotator] = dumps_standoff([*records.values(), *kept.values()])
    result.notes += refuse_unless(changes, overwrite, f"sayso studio pull --batch {batch.name}")
    for annotator, text in texts.items():  # every file converted before the first is replaced
        write_text_atomic(batch.annotator_path(annotator), text)
    record = batch.read_record()
    record["batch"] = batch.name
    record["labeling_config_version"] = config.version
    record["guidelines_version"] = lc.guidelines_version(batch.root / "annotation" / "guidelines.md") \
        or lc.guidelines_version()
    record["pulled_at"] = now()
    for doc_id, pre in result.preannotated.items():
        doc = record["docs"].setdefault(doc_id, {})
        doc["preannotated"] = doc.get("preannotated") if pre else None
        doc["config_version"] = result.config_versions.get(doc_id)
    for annotator, records in result.records.items():
        done = set(record["annotators"].get(annotator, [])) | set(records)
        record["annotators"][annotator] = sorted(done)
        for doc_id in records:
            doc = record["docs"].setdefault(doc_id, {})
            doc["annotators"] = sorted(set(doc.get("annotators", [])) | {annotator})
    record["history"].append({"action": "pull", "at": record["pulled_at"], "annotations": sum(
        len(r) for r in result.records.values()), "labeling_config_version": config.version})
    batch.write_record(record)
    for note in result.notes:
        say(f"note: {note}")
    return result
