from . import test_install
from . import test_sending
from . import test_rendering
from . import test_chatter
from . import test_misconfiguration
from . import test_security
from . import test_settings
from . import test_portal
