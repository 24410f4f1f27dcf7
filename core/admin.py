"""The bases of the record's admin pages: both languages in tabs, History with revert,
publication by editors only, import and export; and the releases editors make."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.translator import translator
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic

from . import spreadsheets, tasks
from .models import CHANGE_REASON_LENGTH, ImportJob, Publication, Release
from .releases import make_release
from .resources import import_problems
from .services import last_relations, publication_set, records_publish
from .text import validate_readable


def publish_key(record) -> str:
    """How the publish confirmation names a record in its form."""
    return f"{record._meta.label_lower}:{record.pk}"


def import_failure(result) -> str:
    """What went wrong in an import that changed nothing, row by row."""
    problems = [
        _("row %(number)s: %(errors)s")
        % {"number": problem["row"], "errors": "; ".join(problem["messages"])}
        if problem["row"]
        else "; ".join(problem["messages"])
        for problem in import_problems(result)
    ]
    return _("Nothing was imported; correct the file and import it again. %(problems)s") % {
        "problems": " · ".join(map(str, problems))
    }


class MissingTranslationFilter(admin.SimpleListFilter):
    """Records where some text is written in one language but not the other."""

    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("ar", _("Missing Arabic")), ("en", _("Missing English"))]

    def queryset(self, request, queryset):
        if self.value() not in {"ar", "en"}:
            return queryset
        missing, other = self.value(), "en" if self.value() == "ar" else "ar"
        condition = Q()
        for field in translator.get_options_for_model(queryset.model).fields:
            condition |= Q(**{f"{field}_{missing}": ""}) & ~Q(**{f"{field}_{other}": ""})
        return queryset.filter(condition)


def latest_version_id(record) -> int | None:
    """The id of `record`'s newest version in its history (None for a new record)."""
    if record.pk is None:
        return None
    return (
        record.history.order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )


def is_published(record) -> bool:
    """Whether `record` is stored as published (a record without publication never is, but a
    part published with the record that holds it, its `stored_owner()`, is when that is)."""
    if record.pk is None:
        return False
    if hasattr(record, "stored_owner"):
        owner = record.stored_owner()
        return owner is not None and is_published(owner)
    if not hasattr(record, "publication"):
        return False
    stored = type(record)._base_manager.filter(pk=record.pk, publication=Publication.PUBLISHED)
    return stored.exists()


def changes_between(record, seen_version_id: int) -> str:
    """What the versions of `record` after `seen_version_id` changed: field, old -> new."""
    history = record.history.order_by("-history_date", "-history_id")
    seen = history.filter(history_id=seen_version_id).first()
    latest = history.first()
    if seen is None or latest is None:
        return ""
    changes = latest.diff_against(seen).changes
    named = {change.field for change in changes}
    return "; ".join(
        f"{change.field}: {change.old!r} → {change.new!r}"
        for change in changes
        if (change.old or change.new)  # not an empty text stored as None before
        # A translated field's own name mirrors its language's column: name the column only.
        and not any(f"{change.field}_{code}" in named for code, _name in settings.LANGUAGES)
    )


class StaleEditForm(forms.ModelForm):
    """A form that remembers which version of its record it showed, and refuses to save over a
    version saved since by someone else (optimistic concurrency), saying what changed."""

    record_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_version"].initial = latest_version_id(self.instance)

    def checks_staleness(self) -> bool:
        return self.instance.pk is not None

    def clean(self):
        cleaned = super().clean()
        seen, latest = cleaned.get("record_version"), latest_version_id(self.instance)
        if self.checks_staleness() and seen != latest:
            raise forms.ValidationError(
                _(
                    "Someone saved this record after you opened it, so your changes were not "
                    "saved. What they changed: %(changes)s. Open the record again to see it as "
                    "it is now, then make your changes again."
                ),
                code="stale",
                params={"changes": changes_between(self.instance, seen) or _("unknown")},
            )
        return cleaned


class VersionedForm(StaleEditForm):
    """An admin form refusing stale edits, with the reason a published record's change needs."""

    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=CHANGE_REASON_LENGTH,
        validators=[validate_readable],
        help_text=_(
            "Needed when you change a published record: readers see it beside the change, "
            "without your name."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version = to_historic(self.instance)
        if version is not None and not self.is_bound:
            # History's revert form: the version's many-to-many values, not today's.
            for name, related in last_relations(version).items():
                if name in self.fields:
                    self.initial[name] = related

    def clean(self):
        cleaned = super().clean()
        edited = set(self.changed_data) - {"record_version", "change_reason"}
        if edited and not cleaned.get("change_reason") and is_published(self.instance):
            self.add_error(
                "change_reason",
                _("Say why you change this published record: readers see the reason."),
            )
        return cleaned


class VersionedAdmin(SimpleHistoryAdmin):
    """A record's admin with History (and revert), stale forms refused, and the reason for a
    change kept with its version (the public change log shows it)."""

    form = VersionedForm

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)


class RightToLeftArabicFields:
    """Arabic fields (the `_ar` columns modeltranslation adds) are typed right to left, tagged as
    Arabic, in a form or an inline."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name.endswith("_ar"):
            field.widget.attrs.update({"dir": "rtl", "lang": "ar"})
        return field


class RecordAdmin(RightToLeftArabicFields, VersionedAdmin, TabbedTranslationAdmin):
    """Both languages side by side in tabs, a filter for what still needs translating, and a
    History page per record with revert."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]


def is_history_revert(request) -> bool:
    """Whether the request is History's "Revert to this version" page (simple-history's view)."""
    match = request.resolver_match
    return match is not None and match.url_name.endswith("_simple_history")


class PublicationFieldMixin:
    """`publication` is shown to everyone but changed only by users who may publish, and by
    them only on purpose: the form's field or the publish and withdraw actions, never as a side
    effect of reverting to an older version."""

    def has_publish_permission(self, request) -> bool:
        return self.model.may_be_published_by(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.has_publish_permission(request) and not is_history_revert(request):
            return fields
        return [*fields, "publication"]

    def save_model(self, request, obj, form, change):
        # A version restored from History carries the publication it had then; the field is not
        # in the form, but the restored row would save it all the same.
        if change and "publication" in self.get_readonly_fields(request, obj):
            stored = type(obj)._base_manager.filter(pk=obj.pk).values_list("publication").first()
            # A deleted record restored from its History comes back as a draft.
            obj.publication = stored[0] if stored else Publication.DRAFT
        super().save_model(request, obj, form, change)


def import_reason_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=_("Reason for the import"),
        max_length=CHANGE_REASON_LENGTH,
        validators=[validate_readable],
        help_text=_(
            "Kept with every version the import makes: readers see it beside each change to a "
            "published record, without your name."
        ),
        **kwargs,
    )


class RecordImportForm(ImportForm):
    change_reason = import_reason_field()


class RecordConfirmImportForm(ConfirmImportForm):
    change_reason = import_reason_field(widget=forms.HiddenInput)


class PublishableAdmin(ImportExportMixin, PublicationFieldMixin, RecordAdmin):
    """A record with draft and published states: a column, a filter, and actions for editors;
    import (with a dry run that lists each row's errors) and export as CSV, JSON or XLSX."""

    actions = ["publish", "withdraw"]
    formats = spreadsheets.FORMATS
    import_form_class = RecordImportForm
    confirm_form_class = RecordConfirmImportForm

    def get_list_display(self, request):
        return [*super().get_list_display(request), "publication"]

    def get_list_filter(self, request):
        return ["publication", *super().get_list_filter(request)]

    def get_import_data_kwargs(self, **kwargs):
        # The confirming step imports again; a row that has turned invalid since the dry run
        # (someone edited the record meanwhile) must undo the whole import, not be skipped.
        reason = kwargs["form"].cleaned_data["change_reason"]
        return {
            **super().get_import_data_kwargs(**kwargs),
            "rollback_on_validation_errors": True,
            "change_reason": reason,
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["change_reason"] = import_form.cleaned_data["change_reason"]
        return initial

    def import_action(self, request, **kwargs):
        """A file longer than settings.IMPORT_ROWS_IN_REQUEST goes to a background job (core.tasks),
        whose page shows its progress; a shorter one is checked within the request."""
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid() and (job := self.import_job_for(request, form)):
                return HttpResponseRedirect(self.import_job_url(job))
        response = super().import_action(request, **kwargs)
        resource = self.get_import_resource_classes(request)[0]
        response.context_data["import_jobs"] = ImportJob.objects.filter(
            user=request.user, resource=f"{resource.__module__}.{resource.__qualname__}"
        ).only("pk", "file_name", "state", "created_at")[:5]
        return response

    def import_job_for(self, request, form) -> ImportJob | None:
        """A job for the uploaded file when it is too long for a request, else None (so is an
        unreadable file, which the request's own check reports)."""
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        upload = form.cleaned_data["import_file"]
        data = b"".join(upload.chunks())
        try:
            text = data if input_format.is_binary() else data.decode(self.from_encoding)
            rows = len(input_format.create_dataset(text))
        except Exception:  # any unreadable file: the in-request check says why
            return None
        if rows <= settings.IMPORT_ROWS_IN_REQUEST:
            return None
        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form)
        )
        return tasks.import_job_start(
            resource=resource,
            input_format=input_format,
            file_name=upload.name,
            data=data if input_format.is_binary() else text.encode(),
            rows=rows,
            change_reason=form.cleaned_data["change_reason"],
            user=request.user,
        )

    def import_job_url(self, job: ImportJob) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job", args=[job.pk]
        )

    def get_urls(self):
        job = path(
            "import/jobs/<int:job_id>/",
            self.admin_site.admin_view(self.import_job_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_import_job",
        )
        return [job, *super().get_urls()]

    def import_job_view(self, request, job_id):
        """The job's progress, its check's result, and the confirm and discard buttons. Only the
        curator who started it sees it (and superusers)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=job_id)
        if job.user_id != request.user.pk and not request.user.is_superuser:
            raise Http404
        if request.method == "POST":
            done = (
                tasks.import_job_confirm(job)
                if request.POST.get("action") == "confirm"
                else tasks.import_job_discard(job)
            )
            if not done:
                self.message_user(
                    request, _("This import has moved on meanwhile."), level=messages.WARNING
                )
            return HttpResponseRedirect(self.import_job_url(job))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            "rows_done": tasks.rows_done(job) if job.is_running else job.rows,
        }
        return TemplateResponse(request, "admin/import_job.html", context)

    def process_result(self, result, request):
        """The confirmed import: a row that turned invalid since the dry run (someone edited the
        record meanwhile) undid the whole import; say so, name the rows, and log nothing."""
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        self.message_user(request, import_failure(result), level=messages.ERROR)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        )

    def drafts_published_with(self, record) -> list:
        """Draft records offered for publishing together with `record` (a treaty's own)."""
        return []

    @admin.action(
        permissions=["publish"], description=_("Publish selected %(verbose_name_plural)s")
    )
    def publish(self, request, queryset):
        """Publish after a page listing every record it would publish, the drafts attached to
        each ticked; exactly what is ticked there when confirmed is published."""
        offered = [
            (
                record,
                [
                    (publish_key(draft), draft._meta.verbose_name, draft)
                    for draft in self.drafts_published_with(record)
                ],
            )
            for record in queryset
        ]
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("Publish"),
                "opts": self.opts,
                "offered": offered,
                "selected": queryset,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/publish_confirmation.html", context)
        ticked = set(request.POST.getlist("publish_with"))
        records = [record for record, _drafts in offered] + [
            draft for _record, drafts in offered for key, _kind, draft in drafts if key in ticked
        ]
        count = records_publish(records=records, user=request.user)
        self.message_user(
            request,
            ngettext("Published %(count)d record.", "Published %(count)d records.", count)
            % {"count": count},
        )

    @admin.action(
        permissions=["publish"], description=_("Withdraw selected %(verbose_name_plural)s to draft")
    )
    def withdraw(self, request, queryset):
        count = sum(
            publication_set(record=record, publication=Publication.DRAFT, user=request.user)
            for record in queryset
        )
        self.message_user(
            request,
            ngettext("Withdrew %(count)d record.", "Withdrew %(count)d records.", count)
            % {"count": count},
        )


@admin.register(Release)
class ReleaseAdmin(RightToLeftArabicFields, TabbedTranslationAdmin):
    """An editor makes a release by adding one: its changelog in both languages; the number,
    the date, the copy of the record and the files come with it (core.releases). A release
    never changes and is never deleted: what was cited stays as it was."""

    list_display = ["__str__", "made_on", "changelog", "made_by"]
    readonly_fields = ["number", "made_at", "made_by", "record_version", "downloads"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["changelog_en", "changelog_ar"]
        return [*self.readonly_fields[:4], "changelog_en", "changelog_ar", "downloads"]

    @admin.display(description=_("Files"))
    def downloads(self, release):
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">{}</a> <code>{}</code>',
            (
                (file.get_absolute_url(), file.name, file.sha256)
                for file in release.files.defer("content")
            ),
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        release = make_release(
            changelog_en=obj.changelog_en, changelog_ar=obj.changelog_ar, user=request.user
        )
        obj.pk = release.pk
        obj.refresh_from_db()
