"""Helpers shared by ``tests/`` and ``bench/`` (not tests themselves, not part of the service).

- ``servers``: real gunicorn servers on a free loopback port (``gunicorn``, ``free_port``).
- ``packages``: the real zh→en translation package (``find_zhen_package``) and tiny packages
  extracted into a models folder (``install_tiny``).
- ``tiny_models``: tiny random-weight Argos packages (plumbing only, never a translation).
- ``redis_server``: a throw-away ``redis-server`` on a free loopback port.
- ``hostile``: hostile strings, raw JSON values, invalid UTF-8 and content types (issue 11).
- ``spec_operations``: the operations of ``openapi.yaml`` with their fields and a valid body
  each, for fuzzing every route.

Import them from the project root (``import testkit.servers``); the project is not an installed
package, so a benchmark puts the root on ``sys.path`` first.
"""
