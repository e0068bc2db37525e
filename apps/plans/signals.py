"""What the apps above plans hear about a task: its archive and restore, sent inside the action's
transaction, so the reports and notices that follow are changed in the same commit or not at all."""

from django.dispatch import Signal

task_archived = Signal()  # sender=Task, task=…, actor=…
task_restored = Signal()  # sender=Task, task=…, actor=…
