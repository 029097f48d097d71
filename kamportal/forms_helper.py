"""The one write path for a posted form: validate, call one service, put its errors on the form, redirect.

Invariants: a form that failed is shown again with the user's input and one "nothing saved" message; a
`OnceForm`'s token is stored with the outcome in the change's own transaction, so a replay answers with the
first outcome; a `VersionedForm` refused as stale shows the other person's values beside the user's input.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.formats import localize
from django.utils.translation import gettext as _

from accounts.models import FormToken
from kamportal.workflow import StaleVersion, WorkflowError

TOKEN_FIELD = "form_token"
VERSION_FIELD = "version"

# Unique constraints whose violation is the user's input clashing with a row saved at the same moment.
UNIQUE_FIELDS = {
    "org_number": ("org_number",),
    "email": ("email",),
}


class OnceForm:
    """A create form: carries a one-time token, so posting it twice makes one change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)


class VersionedForm:
    """An edit form: carries the version it was loaded from (`instance.version`, or `version=` for plain forms).

    The service takes it as `version` and refuses a save against a newer row (kamportal.workflow.version_claim).
    """

    version_attr = "version"

    def __init__(self, *args, version: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if version is None and instance is not None and instance.pk:
            version = getattr(instance, self.version_attr)
        if version is not None:  # a create form (nothing loaded yet) has no version
            self.fields[VERSION_FIELD] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=0, initial=version
            )


def limit_text_fields(form: forms.BaseForm | None) -> None:
    """Every free-text field of a posted form gets a maximum (the long-text one where the form set none), so a
    too-long text is refused on the form with its message and the browser stops typing at it."""
    if form is None:
        return
    from django.core.validators import MaxLengthValidator

    from recruitment.rules import LONG_TEXT_MAX

    for field in form.fields.values():
        if type(field) is forms.CharField and field.max_length is None:
            field.max_length = LONG_TEXT_MAX
            field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
            if not field.widget.is_hidden:
                field.widget.attrs.setdefault("maxlength", str(LONG_TEXT_MAX))


def apply_errors(form: forms.BaseForm, error: ValidationError, field: str | None = None) -> None:
    """Show a ValidationError on the form: per field where the form has that field, else on `field` or on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error.messages)


def say_nothing_saved(request: HttpRequest) -> None:
    messages.error(request, _("Nothing was saved. Please correct the fields marked below."))


def form_action(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict], Any],
    *,
    success_url: str | Callable[[Any], str],
    success_message: str | Callable[[Any], str] = "",
    template: str | Callable[[forms.BaseForm], HttpResponse],
    context: dict | None = None,
    refused_url: str | None = None,
    error_field: str | None = None,
) -> HttpResponse:
    """GET shows the form; POST validates it and calls `save(data)` once, then redirects to `success_url`.

    `data` is the cleaned data without the form token (with `version` for an edit form). A WorkflowError goes on
    the form (or, with `refused_url`, is flashed there); a ValidationError goes on its fields (else `error_field`).
    """
    limit_text_fields(form)
    if request.method == "POST":
        replay = _answered_before(request, form)
        if replay is not None:
            return replay
        if form.is_valid():
            try:
                return _run_once(request, form, save, success_url, success_message)
            except StaleVersion as stale:
                show_their_values(form, stale)
            except WorkflowError as error:
                if refused_url is not None:
                    messages.error(request, _message(error))
                    return redirect(refused_url)
                form.add_error(error.field if error.field in form.fields else None, _message(error))
            except ValidationError as error:
                apply_errors(form, error, error_field)
        say_nothing_saved(request)
    if callable(template):
        return template(form)
    return render(request, template, {"form": form, **(context or {})})


def form_post(
    request: HttpRequest,
    form: forms.BaseForm | None,
    save: Callable[[dict], Any],
    *,
    back_url: str | Callable[[Any], str],
    success_message: str | Callable[[Any], str] = "",
) -> HttpResponse:
    """A button or small form posted from another page: `save(data)` once, the outcome flashed, back to the page.

    `form=None` is a bare button (no input). Refusals and invalid input are flashed as errors; nothing is saved.
    """
    fallback = back_url if isinstance(back_url, str) else None
    limit_text_fields(form)
    replay = _answered_before(request, form) if form is not None else None
    if replay is not None:
        return replay
    if form is None or form.is_valid():
        try:
            if form is None:
                with transaction.atomic():
                    result = save({})
                url = resolve_url(back_url(result) if callable(back_url) else back_url)
                message = str(success_message(result) if callable(success_message) else success_message)
                if message:
                    messages.success(request, message)
                return redirect(url)
            return _run_once(request, form, save, back_url, success_message)
        except WorkflowError as error:
            messages.error(request, _message(error))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect(fallback or request.path)


def _run_once(request, form, save, success_url, success_message) -> HttpResponse:
    data = {name: value for name, value in form.cleaned_data.items() if name != TOKEN_FIELD}
    token = form.cleaned_data.get(TOKEN_FIELD)
    user = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        if token is not None:
            try:
                with transaction.atomic():
                    FormToken.objects.create(key=token, user=user)
            except IntegrityError:
                return _replay(request, token, user)
        try:
            with transaction.atomic():
                result = save(data)
        except IntegrityError as error:
            raise _unique_clash(form, error) from error
        url = resolve_url(success_url(result) if callable(success_url) else success_url)
        message = str(success_message(result) if callable(success_message) else success_message)
        if token is not None:
            FormToken.objects.filter(key=token).update(outcome_url=url[:500], outcome_message=message[:500])
    if message:
        messages.success(request, message)
    return redirect(url)


def _message(error: WorkflowError) -> str:
    """The user's text of a refusal (some refusals are also ValidationErrors, whose str() is a list)."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _answered_before(request, form) -> HttpResponse | None:
    """A form whose token already has an outcome is answered with it, before its input is checked again
    (the input may now clash with the very row the first POST made)."""
    if TOKEN_FIELD not in form.fields:
        return None
    try:
        token = uuid.UUID(str(form.data.get(form.add_prefix(TOKEN_FIELD), "")))
    except ValueError:
        return None
    first = FormToken.objects.filter(key=token).exclude(outcome_url="").first()
    user_id = request.user.pk if request.user.is_authenticated else None
    if first is None or first.user_id != user_id:
        return None
    if first.outcome_message:
        messages.success(request, first.outcome_message)
    return redirect(first.outcome_url)


def _replay(request, token, user) -> HttpResponse:
    first = FormToken.objects.filter(key=token).first()
    if first is None or first.user_id != (user.pk if user else None) or not first.outcome_url:
        raise WorkflowError(_("This form was already sent. Open it again to make another change."))
    if first.outcome_message:
        messages.success(request, first.outcome_message)
    return redirect(first.outcome_url)


def _unique_clash(form, error: IntegrityError) -> ValidationError:
    """A unique key taken by a row saved at the same moment: the same message the form's own check gives."""
    text = str(error).lower()
    for name, columns in UNIQUE_FIELDS.items():
        if name in form.fields and any(column in text for column in columns):
            return ValidationError({name: _("This value was registered by someone else just now. Check it.")})
    return ValidationError(_("Someone saved the same thing at the same moment. Check the page and try again."))


def show_their_values(form: forms.BaseForm, stale: StaleVersion) -> None:
    """Keep the user's input, say so on top, and under each field the other person changed, their value."""
    current = stale.current
    theirs: dict[str, str] = {}
    for name in form.fields:
        if name in (TOKEN_FIELD, VERSION_FIELD) or not hasattr(current, name):
            continue
        value = getattr(current, name)
        if hasattr(value, "all"):
            continue
        mine = form.cleaned_data.get(name)
        if _same(value, mine):
            continue
        display = getattr(current, f"get_{name}_display", None)
        theirs[name] = _shown(display() if display else value)
    form.add_error(None, str(stale))
    for name, shown in theirs.items():
        form.add_error(name, _("Saved meanwhile by someone else: %(value)s") % {"value": shown})
    if VERSION_FIELD in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix(VERSION_FIELD)] = str(stale.version)


def _same(theirs, mine) -> bool:
    if theirs in (None, "") and mine in (None, ""):
        return True
    return theirs == mine


def _shown(value) -> str:
    if value in (None, ""):
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(localize(value))
