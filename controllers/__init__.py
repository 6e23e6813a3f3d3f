from . import dajisaas_message
