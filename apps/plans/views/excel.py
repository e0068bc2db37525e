# being written (Excel helper); replaced before commit
def plan_export(request, pk):
    raise NotImplementedError


def plan_import(request, pk):
    raise NotImplementedError
