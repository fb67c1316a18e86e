from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    email_enabled = forms.BooleanField(label=_("Send me notices by email"), required=False)
    language = forms.ChoiceField(label=_("Language of notices"), choices=settings.LANGUAGES)
