#include "logging.h"

Q_LOGGING_CATEGORY(lcServer, "smartfixer.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFanOut, "smartfixer.server.fanout", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTransport, "smartfixer.transport", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "smartfixer.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClient, "smartfixer.client", QtInfoMsg)
Q_LOGGING_CATEGORY(lcActivity, "smartfixer.activity", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDemo, "smartfixer.demo", QtInfoMsg)
