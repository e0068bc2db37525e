from django.shortcuts import render


def render_form(request, form, *, title, cancel_url, submit="保存", enctype=None, status=200, intro=""):
    """One template renders every edit form: labelled fields, errors beside them, a cancel link."""
    context = {
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "submit": submit,
        "enctype": enctype,
        "intro": intro,
    }
    return render(request, "form.html", context, status=status if not form.errors else 400)
