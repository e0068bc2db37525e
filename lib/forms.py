from django.shortcuts import render


def render_form(
    request,
    form,
    *,
    title,
    cancel_url,
    submit="保存",
    enctype=None,
    status=200,
    intro="",
    template="form.html",
    extra=None,
):
    """One template renders every edit form: labelled fields, errors beside them, a cancel link. A page
    that shows more below the form passes a template extending form.html and its `extra` context."""
    context = {
        **(extra or {}),
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "submit": submit,
        "enctype": enctype,
        "intro": intro,
    }
    return render(request, template, context, status=status if not form.errors else 400)


def add_errors(form, exc) -> None:
    """Show an action's ValidationError on the form: keyed errors beside their field (or above the form
    when the form has no such field), plain ones above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
