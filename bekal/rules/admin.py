from django.contrib import admin

from bekal.rules.models import RuleValue


@admin.register(RuleValue)
class RuleValueAdmin(admin.ModelAdmin):
    list_display = ["code", "value", "valid_from", "source"]
    list_filter = ["code"]
