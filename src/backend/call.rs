//! One logical operation against the backend, as the layers above name it:
//! what it is (for the Monitor's category and the logs) and its correlation
//! id (sent as `X-Correlation-Id`).

use crate::domain::ids::CorrelationId;
use crate::domain::monitoring::Category;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    SignUp,
    SignIn,
    RefreshSession,
    ListProviders,
    GetProvider,
    CheckHealth,
    ReportErrors,
    ListErrorReports,
}

impl Operation {
    /// A stable dotted name for logs and error records.
    pub fn name(self) -> &'static str {
        match self {
            Self::SignUp => "auth.sign_up",
            Self::SignIn => "auth.sign_in",
            Self::RefreshSession => "auth.refresh",
            Self::ListProviders => "providers.list",
            Self::GetProvider => "providers.get",
            Self::CheckHealth => "backend.health",
            Self::ReportErrors => "monitor.report",
            Self::ListErrorReports => "monitor.list_reports",
        }
    }

    /// The area an error of this operation is charged to.
    pub fn category(self) -> Category {
        match self {
            Self::SignUp | Self::SignIn | Self::RefreshSession => Category::Auth,
            Self::ListProviders
            | Self::GetProvider
            | Self::CheckHealth
            | Self::ReportErrors
            | Self::ListErrorReports => Category::Backend,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub operation: Operation,
    pub correlation: CorrelationId,
}

impl Call {
    pub fn new(operation: Operation, correlation: CorrelationId) -> Self {
        Self {
            operation,
            correlation,
        }
    }
}
