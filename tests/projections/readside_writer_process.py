"""Run as a separate process by the follow-mode tests: record ``N`` schools in ``URL``.

usage: python readside_writer_process.py URL N
"""

import sys

from gtt_domain.application import GttApplication
from gtt_domain.commands.institution import RegisterInstitution

url, count = sys.argv[1], int(sys.argv[2])
app = GttApplication(url, actor="other-process")
for i in range(count):
    app.handle(RegisterInstitution(kind="school", name=f"Remote {i}", region="Anxi"))
app.close()
